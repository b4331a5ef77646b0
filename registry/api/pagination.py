"""Pages of the accounts list: `?page=` and `?page_size=`, refused with a 400 when not valid.

DRF quietly falls back to defaults on `?page=` or `?page_size=abc`; a client that sends a wrong
value is better told so than handed a page it did not ask for.
"""

from functools import partial

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

from registry.api.errors import InvalidQuery
from registry.listing import SEARCH_COUNT_LIMIT, CountedPaginator

# Sent (as "true") when a text search matched more than SEARCH_COUNT_LIMIT accounts.
COUNT_CAPPED_HEADER = "Registry-Count-Capped"


def _check_whole_number(request, name: str, maximum: int | None) -> None:
    value = request.query_params.get(name)
    if value is None:
        return
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise InvalidQuery(fields={name: [_("Enter a whole number from 1.")]})
    if maximum is not None and int(value) > maximum:
        raise InvalidQuery(fields={name: [_("Enter at most %(max)d.") % {"max": maximum}]})


class AccountPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        _check_whole_number(request, self.page_query_param, None)
        _check_whole_number(request, self.page_size_query_param, self.max_page_size)
        counted = getattr(view, "counted", None)
        self.count_capped = False
        if counted is not None:
            # The view knows its count without a COUNT(*) over the register; a text search
            # matching more than SEARCH_COUNT_LIMIT offers the first ones, as the directory does.
            matches = counted(queryset).matches
            self.count_capped = matches is None
            offered = SEARCH_COUNT_LIMIT if matches is None else matches
            self.django_paginator_class = partial(CountedPaginator, count=offered)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.count_capped:
            response[COUNT_CAPPED_HEADER] = "true"
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            f"How many accounts the filters select. A text search (`q`) is counted up to "
            f"{SEARCH_COUNT_LIMIT:,}: one that matches more answers {SEARCH_COUNT_LIMIT:,}, "
            f"offers the first {SEARCH_COUNT_LIMIT:,} in name order, and says so in the "
            f"`{COUNT_CAPPED_HEADER}: true` header. Narrow it with a filter, or read the open "
            "data for the whole register."
        )
        return described

    def rows_needed(self, request) -> int:
        """Up to which row the page asked for reaches (a page number not valid counts as 1:
        it is refused later)."""
        number = request.query_params.get(self.page_query_param, "1")
        number = int(number) if number.isascii() and number.isdigit() else 1
        return max(number, 1) * (self.get_page_size(request) or self.page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
