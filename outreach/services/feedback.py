"""Feedback after a talk: one-use links, the form's items, the answers.

How a response stays anonymous (outreach/models/feedback.py says what is stored): the
thank-you emails are queued with one random token each; only the tokens' hashes are
stored, with the talk, written in the order of the hashes; the outbox empties each
thank-you's context once it has left. Answering locks the token's row, deletes it and
stores the response in one transaction, so a token is spent once, however many posts race.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Series, Talk
from notifications.site import absolute
from outreach.models import FeedbackAnswer, FeedbackItem, FeedbackResponse, FeedbackToken

# How long after a talk its feedback links work.
FEEDBACK_OPEN_FOR = timedelta(days=30)
MAX_ITEMS = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feedback_links_issue(*, talk: Talk, count: int) -> list[str]:
    """`count` one-use feedback links for `talk`, in one insert; each is for one person."""
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    FeedbackToken.objects.bulk_create(
        [FeedbackToken(token_hash=digest, talk=talk) for digest in sorted(map(_hash, tokens))]
    )
    return [absolute(reverse("feedback_form", kwargs={"token": token})) for token in tokens]


def feedback_open(*, talk: Talk, now=None) -> bool:
    return (now or timezone.now()) < talk.end + FEEDBACK_OPEN_FOR


def feedback_talk_from_token(*, token: str) -> Talk | None:
    """The talk an unspent, still open link is for, or None (unknown, spent or too late)."""
    found = FeedbackToken.objects.select_related("talk__series").filter(token_hash=_hash(token))
    token_row = found.first()
    if token_row is None or not feedback_open(talk=token_row.talk):
        return None
    return token_row.talk


def feedback_items_for(*, talk: Talk) -> list[FeedbackItem]:
    """The attitude items a talk asks: its series' own when it has some, else the site's."""
    items = list(
        FeedbackItem.objects.filter(retired_on=None).filter(
            Q(series=None) | Q(series_id=talk.series_id)
        )
    )
    own = [item for item in items if item.series_id is not None]
    return own or [item for item in items if item.series_id is None]


@dataclass(frozen=True)
class ItemAnswer:
    item: FeedbackItem
    before: int
    now: int


def feedback_submit(
    *, token: str, clarity: int, usefulness: int, answers: list[ItemAnswer], today: date
) -> FeedbackResponse | None:
    """Spend the token and store the response, or None if the token is not (or no
    longer) there: exactly one of any number of simultaneous posts gets a response."""
    with transaction.atomic():
        spent = (
            FeedbackToken.objects.select_for_update()
            .select_related("talk")
            .filter(token_hash=_hash(token))
            .first()
        )
        if spent is None or not feedback_open(talk=spent.talk):
            return None
        spent.delete()
        response = FeedbackResponse.objects.create(
            talk=spent.talk, clarity=clarity, usefulness=usefulness, answered_on=today
        )
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(response=response, item=a.item, before=a.before, now=a.now)
            for a in answers
        )
    return response


def feedback_links_expire(*, now=None) -> int:
    """Delete the links of talks whose feedback has closed; returns how many went."""
    closed = (now or timezone.now()) - FEEDBACK_OPEN_FOR
    return FeedbackToken.objects.filter(talk__end__lt=closed).delete()[0]


def _check_room(series: Series | None) -> None:
    active = FeedbackItem.objects.filter(series=series, retired_on=None).count()
    if active >= MAX_ITEMS:
        raise ValidationError(
            _("A form asks at most %(count)s items: retire one first.") % {"count": MAX_ITEMS}
        )


def feedback_item_create(*, series: Series | None, wording: str, position: int) -> FeedbackItem:
    """A new attitude item for `series` (None: site-wide)."""
    _check_room(series)
    return FeedbackItem.objects.create(series=series, wording=wording, position=position)


def feedback_item_edit(
    *, item: FeedbackItem, wording: str, position: int, today: date
) -> FeedbackItem:
    """Change an item. Once it has answers its wording is fixed: a new wording retires it
    and makes a new version (which the answers to the old one are not mixed with)."""
    with transaction.atomic():
        item = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        if item.retired_on is not None:
            raise ValidationError(_("This item is retired: it can no longer be changed."))
        if wording == item.wording or not item.answers.exists():
            item.wording, item.position = wording, position
            item.save(update_fields=["wording", "position"])
            return item
        item.retired_on = today
        item.save(update_fields=["retired_on"])
        return FeedbackItem.objects.create(
            series=item.series, wording=wording, position=position, previous=item
        )


def feedback_item_retire(*, item: FeedbackItem, today: date) -> None:
    """Stop asking an item; its answers stay."""
    FeedbackItem.objects.filter(pk=item.pk, retired_on=None).update(retired_on=today)


def feedback_items_by_scope():
    """Every item still asked, site-wide ones first, then by series."""
    return (
        FeedbackItem.objects.filter(retired_on=None)
        .select_related("series")
        .order_by("series__title", "position", "pk")
    )
