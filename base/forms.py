"""What the pages' forms share."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, formset: forms.BaseFormSet | None = None
) -> None:
    """Show a service's refusal on the form that asked: each message by the field it
    names, a message about `participants` (or any name `formset` has no field for) above
    `formset` when given, anything else above the form."""
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        elif formset is not None and field == "participants":
            formset._non_form_errors = formset.error_class(messages)
        else:
            form.add_error(None, messages)
