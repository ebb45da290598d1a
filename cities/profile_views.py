from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from base.forms import add_service_errors
from base.permissions import can_edit_city

from .forms import CityProfileForm
from .models import City
from .services import update_city_profile


@login_required
def city_edit(request, slug):
    city = get_object_or_404(City, slug=slug)
    if not can_edit_city(request.user, city):
        raise PermissionDenied
    form = CityProfileForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        try:
            update_city_profile(city=city, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The city profile is saved."))
            return redirect(city)
    return render(
        request,
        "registration/form_page.html",
        {
            "form": form,
            "page_title": _("Edit the profile of %(city)s") % {"city": city.name},
        },
    )
