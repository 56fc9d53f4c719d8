"""k-anonymity of feedback: no figure built from feedback is shown, charted or exported
for a group of fewer than MIN_RESPONSES responses.

One function, `k_anonymous`, decides it, and every feedback figure is made through it
(outreach.impact.feedback) before the page, the charts or the CSV see it. A group is
whatever the figure was computed over: the responses the filters select, all of them
together, or the answers to one attitude item, so a combination of filters that narrows
to fewer than five responses is withheld like any other.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

MIN_RESPONSES = 5


@dataclass(frozen=True)
class Withheld:
    """A figure not shown because its group is too small; says so wherever it is printed."""

    withheld = True

    def __str__(self) -> str:
        return gettext("fewer than 5 responses")


WITHHELD = Withheld()


def k_anonymous(value, *, responses: int):
    """`value` when it is built from at least MIN_RESPONSES responses, else WITHHELD."""
    return value if responses >= MIN_RESPONSES else WITHHELD
