"""Page numbers from the query string, and the window of page links to show."""

from dataclasses import dataclass

from flask import abort, request


def page_arg(name: str = "trang") -> int:
    """Read the page number; anything but a positive integer is a 404."""
    raw = request.args.get(name, "1")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or int(raw) < 1:
        abort(404)
    return int(raw)


def page_params(page: int, name: str = "trang") -> dict:
    """The query parameters a redirect keeps: only the (checked) page number, if given."""
    return {name: page} if name in request.args else {}


@dataclass(frozen=True)
class Page:
    """One page of results with the numbers the pager needs."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so an empty list still has page 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.pages

    def window(self, width: int = 2) -> list[int | None]:
        """Page numbers to link: first, last and ``width`` around the current; None is a gap."""
        shown = {1, self.pages, *range(self.page - width, self.page + width + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        result: list[int | None] = []
        for n in numbers:
            if result and n - (result[-1] or 0) > 1:
                result.append(None)
            result.append(n)
        return result


def check_in_range(page: int, total: int, per_page: int) -> None:
    """A page past the last one is a 404 (page 1 always exists)."""
    if page > 1 and (page - 1) * per_page >= total:
        abort(404)
