"""The forms of the accounts pages: asking for an account, choosing its password once
the address is confirmed, the language of one's emails, deleting one's account."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.models import City

from .account_requests import AccountRequest


class CityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, city):
        return f"{city.name} ({city.country.name})"


class AccountRequestForm(forms.Form):
    """A city official asks to join: the network checks the address, then a curator
    checks the person."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    city = CityChoiceField(
        label=_("Your city"),
        queryset=City.objects.select_related("country").order_by("name", "pk"),
        to_field_name="slug",
        empty_label=_("Choose your city"),
        help_text=_("Accounts are for officials of the network's cities."),
        error_messages={"invalid_choice": _("Choose one of the network's cities.")},
    )
    email = forms.EmailField(
        label=_("Official email address"),
        max_length=150,
        help_text=_("Your work address at the city: it becomes your username."),
    )
    message = forms.CharField(
        label=_("Message to the curators"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your position, your department, who at the city can vouch for you."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps my name, email address, city and message to "
            "run my account, and shows my name to curators."
        ),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            UnicodeUsernameValidator()(email)
        except ValidationError:
            raise ValidationError(
                _("This address has characters a username cannot hold: use another one.")
            ) from None
        return email

    def account_request(self, *, language: str) -> AccountRequest:
        data = self.cleaned_data
        return AccountRequest(
            full_name=" ".join(data["full_name"].split()),
            email=data["email"],
            city_id=data["city"].pk,
            message=data["message"].strip(),
            language=language,
        )


class ChoosePasswordForm(SetPasswordForm):
    """The password of an account about to be created: checked by the validators
    against the person's name and address, saved by the service that creates it."""

    def save(self, commit=True):
        raise NotImplementedError("portal.services.create_requested_account saves it")


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of your emails"), choices=settings.LANGUAGES)


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for its password again (or, for an account that signs in
    through the partner's sign-on and has none, its email address)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
        else:
            self.fields["email"] = forms.CharField(label=_("Your email address"))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if not self.user.email or email.lower() != self.user.email.lower():
            raise ValidationError(_("This is not your email address."))
        return email
