"""Label names as other tools write them, read as our vocabulary: case and spacing aside
("Sourced", "no claim", "No_Claim"), by value or by display name, and through the admin's
own ``--map "Source=sourced"`` for names of their own."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.vocabulary import VOCABULARY, LabelValue

_SEPARATORS = re.compile(r"[\s_-]+")
OUR_LABELS = ", ".join(LabelValue.values)


def _folded(name: str) -> str:
    return _SEPARATORS.sub(" ", name.strip()).casefold()


_OURS = {_folded(spec.value.value): spec.value.value for spec in VOCABULARY} | {
    _folded(spec.name): spec.value.value for spec in VOCABULARY
}


@dataclass(slots=True)
class LabelNames:
    """How a file's label names read as ours. ``unknown`` collects each name no rule knew,
    with the line it first appeared on and how often, so one error can name them all."""

    mapping: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def with_map(cls, pairs: Iterable[str]) -> LabelNames:
        """From ``NAME=ours`` pairs (the ``--map`` option, or the upload form's lines).
        Raises ValueError naming a pair that is not one, or a target that is not our label."""
        mapping: dict[str, str] = {}
        for pair in pairs:
            name, equals, target = pair.partition("=")
            if not equals or not name.strip():
                raise ValueError(f"--map {pair!r}: expected THEIRS=OURS, such as Source=sourced")
            ours = _OURS.get(_folded(target))
            if ours is None:
                raise ValueError(
                    f"--map {pair!r}: {target.strip()!r} is not one of our labels ({OUR_LABELS})"
                )
            mapping[_folded(name)] = ours
        return cls(mapping=mapping)

    def value(self, name: str, *, line: int) -> str | None:
        """Our label value for ``name``, or None (and ``name`` noted as unknown)."""
        folded = _folded(name)
        ours = self.mapping.get(folded) or _OURS.get(folded)
        if ours is None:
            first, count = self.unknown.get(name, (line, 0))
            self.unknown[name] = (first, count + 1)
        return ours

    def unknown_message(self) -> str:
        """One sentence naming every unknown label ("" when there were none)."""
        if not self.unknown:
            return ""
        names = ", ".join(
            f"{name!r} (line {line}{f', {count} times' if count > 1 else ''})"
            for name, (line, count) in self.unknown.items()
        )
        example = next(iter(self.unknown))
        return (
            f"unknown label{'s' if len(self.unknown) > 1 else ''} {names}: our labels are "
            f'{OUR_LABELS}; map yours with --map "{example}=sourced" (one per label)'
        )
