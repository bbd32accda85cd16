"""Plain text: what a text field may hold, and how long it may be.

Every text a person sends (a form field, an API field, a query parameter used as a filter) is
plain text: no control characters (Unicode category Cc) other than tab, line feed and carriage
return, and no surrogates (only an unpaired escape such as ``\\ud800`` in JSON can bring one
into a string; no database can store it, and PostgreSQL refuses NUL). ``plain_text`` is the one
validator for that, used by the forms (``PlainTextField``) and the API's serializers alike;
``MaxChars`` is the length limit a setting gives (``NOTE_MAX_CHARS`` and the others, see the
settings module).

The text of imported articles is not a field: the importer reads it like a file's (NUL refused
with the file and line, other control characters read as spaces; ``articles.ingest``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL", "\x0b": "vertical tab", "\x0c": "form feed"}


def not_plain(value: str) -> str | None:
    """What keeps ``value`` from being plain text, said for a person ("a control character
    (NUL, U+0000) at character 12"); None when it is plain. One regular-expression scan."""
    found = _NOT_PLAIN.search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cs":
        what = f"an unpaired surrogate ({code})"
    elif char in _NAMES:
        what = f"a control character ({_NAMES[char]}, {code})"
    else:
        what = f"a control character ({code})"
    return f"{what} at character {found.start() + 1:,}"


def plain_text(value: Any) -> None:
    """Validator for forms and serializers: refuse text that is not plain (see ``not_plain``)."""
    if isinstance(value, str):
        problem = not_plain(value)
        if problem is not None:
            raise ValidationError(
                f"Contains {problem}: only text, tabs and line breaks are allowed.",
                code="control_character",
            )


class MaxChars:
    """Validator: at most as many characters as the setting ``setting`` says, read when it
    runs (so a test or a deployment may change it)."""

    def __init__(self, setting: str) -> None:
        self.setting = setting

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.setting))

    def __call__(self, value: Any) -> None:
        limit = self.limit
        if isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                f"At most {limit:,} characters: this has {len(value):,}.", code="max_length"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxChars) and other.setting == self.setting

    def __hash__(self) -> int:
        return hash(self.setting)


class PlainTextField(forms.CharField):
    """A form's text field: plain text, at most the characters the setting ``limit`` gives
    (and ``max_length``, a column's size, when that is smaller)."""

    def __init__(self, *, limit: str, **kwargs: Any) -> None:
        self.max_chars = MaxChars(limit)
        super().__init__(**kwargs)
        self.validators.extend([plain_text, self.max_chars])

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(min(self.max_chars.limit, self.max_length or 10**9))
        return attrs
