from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

# Past any list's last page, and within the integers every client has.
MAX_PAGE = 2**31 - 1


def positive_int(parameter: str, value: str, maximum: int = MAX_PAGE) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= maximum:
        raise ValidationError(
            {parameter: [_("Enter a whole number from 1 to %(maximum)s.") % {"maximum": maximum}]}
        )
    return number


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (20 by default, at most 100).

    Unlike DRF's default, a page or page size that is not a positive number, or a page
    size above 100, is a 400 naming the parameter, not a silent fallback or a silently
    smaller page (the schema's `maximum`); a page beyond the last stays a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = _("Number of results per page, at most 100.")

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        return positive_int(self.page_size_query_param, value, self.max_page_size)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        # Absent is the first page; present but empty is a mistake, answered as one.
        if value is None:
            return 1
        if value in self.last_page_strings:
            return paginator.num_pages
        return positive_int(self.page_query_param, value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else MAX_PAGE
            )
        return parameters
