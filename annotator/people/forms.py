"""Forms for the People pages and the invitation link. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator

from articles.plain_text import PlainTextField, plain_text

ROLES = [("reviewer", "Reviewer"), ("admin", "Admin")]
HOW = [
    ("link", "An invitation link to set their own password"),
    ("password", "A password made for them, shown once"),
]
PASSWORD_MAX_CHARS = 128


class NewReviewerForm(forms.Form):
    """A new reviewer: a username, an optional email, and how they will sign in."""

    username = PlainTextField(
        limit="NAME_MAX_CHARS",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What they log in with: letters, digits and @ . + - _ only.",
    )
    email = forms.EmailField(required=False, max_length=254, validators=[plain_text])
    how = forms.ChoiceField(
        choices=HOW, initial="link", widget=forms.RadioSelect, label="How they sign in"
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"There is already an account “{username}”.")
        return username


class NewAccountForm(NewReviewerForm):
    """A new account on the People page: a reviewer or an admin."""

    field_order = ["username", "email", "role", "how"]
    role = forms.ChoiceField(choices=ROLES, initial="reviewer", widget=forms.RadioSelect)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLES)


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "Active"), ("0", "Deactivated")], coerce=int)


class SignInForm(forms.Form):
    how = forms.ChoiceField(choices=HOW)


class InvitationForm(SetPasswordForm):
    """Django's set-password form (the password validators, typed twice), with the text
    rules every field here follows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            field = self.fields[name]
            field.validators += [plain_text, MaxLengthValidator(PASSWORD_MAX_CHARS)]
            field.widget.attrs["maxlength"] = str(PASSWORD_MAX_CHARS)
