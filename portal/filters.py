"""The filters of a public list, read from its query string ("?co-quan=…&nam=2022").

Every list's filters have the same shape: a dataclass subclassing ``ListFilters`` whose
fields hold the values in use (and the choices its form offers), built by the classmethod
``read(params)``, which drops a value that does not fit (a reader's typo or a stale link
is never an error), with ``params()`` (the values in use, by their names in the query
string); what a page's links and its "Bỏ lọc" need comes from that. A list of one kind of
record also has ``apply(queryset)``; the search, over four kinds, builds one queryset per
kind instead (``website.search.Query``).
"""

from urllib.parse import urlencode


class ListFilters:
    @classmethod
    def read(cls, params) -> "ListFilters":
        raise NotImplementedError

    def params(self) -> dict:
        """The filters in use, by their names in the query string; those not in use left out."""
        raise NotImplementedError

    @property
    def active(self) -> bool:
        return bool(self.params())

    def query_string(self, **changes) -> str:
        """The filters in use (with ``changes``) as a query string, for page links: "loai=NQ&nam=2022"."""
        values = {**self.params(), **changes}
        return urlencode({name: value for name, value in values.items() if value})
