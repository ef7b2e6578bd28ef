"""Paging of every public list: ``?trang=N``, with elided page links ("1 2 … 7 8 9 … 40").

A list is paged in one of two ways, chosen by the view:

- strict (the default): a page that does not exist ("?trang=99" past the end, "?trang=abc")
  is a 404, as any other address that leads nowhere;
- lenient: the nearest page is shown instead (anything that is not a positive number shows
  the first, a number past the end the last), for lists whose pages shift under the reader:
  search results, and the meeting lists narrowed by filters.
"""

from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.views.generic import ListView

PAGE_PARAM = "trang"
PAGE_SIZE = 20


@dataclass(frozen=True)
class Paging:
    page: Page
    page_range: list

    def context(self) -> dict:
        """What ``partials/pagination.html`` reads."""
        return {
            "page_obj": self.page,
            "is_paginated": self.page.has_other_pages(),
            "page_range": self.page_range,
        }


def paginate(
    request, object_list, per_page: int = PAGE_SIZE, *, lenient: bool = False, paginator_class=Paginator
) -> Paging:
    """The page of ``object_list`` that ``request`` asks for (see the module docstring)."""
    paginator = paginator_class(object_list, per_page)
    value = request.GET.get(PAGE_PARAM) or 1
    if lenient:
        page = paginator.get_page(_positive(value))
    else:
        try:
            page = paginator.page(paginator.num_pages if value == "last" else int(value))
        except (ValueError, InvalidPage):
            raise Http404("Không có trang này của danh sách.") from None
    return Paging(page, list(paginator.get_elided_page_range(page.number, on_each_side=2)))


def _positive(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class PagedListView(ListView):
    """A ListView paged by ``paginate`` (strict): ``page_obj``, ``is_paginated``, ``page_range``."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        self.paging = paginate(self.request, queryset, page_size)
        page = self.paging.page
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_range"] = self.paging.page_range
        return context
