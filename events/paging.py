"""Pages of a list whose cost does not grow with the list: no count of all its rows, only
one row more than a page, to know whether another page follows."""

from dataclasses import dataclass

# Far past any real list; bounds the OFFSET a hand-made address can ask for.
MAX_PAGE = 1000


@dataclass(frozen=True)
class ListPage:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value: str | None) -> int:
    """The page asked for; anything that is not a page number is the first page."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def list_page(rows, value: str | None, per_page: int) -> ListPage:
    number = page_number(value)
    start = (number - 1) * per_page
    fetched = list(rows[start : start + per_page + 1])
    return ListPage(object_list=fetched[:per_page], number=number, has_next=len(fetched) > per_page)
