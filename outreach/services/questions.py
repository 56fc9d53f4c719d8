"""Questions for a talk's speakers, sent before it from a link in the attendees' emails.

The link to send one is signed per talk and is the same for every attendee: it holds no
RSVP and no person, so nothing a question is stored with can say who sent it. Someone
the link is forwarded to can send a question too; that is the worst it allows (posts
are rate limited and coordinators hide abusive ones), and it lets nobody read anything.

The speakers' read-only page is reached by a second signed link that also carries the
talk's current secret (`SpeakerLink`): a coordinator regenerates the secret and every
earlier link stops working.
"""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from events.hooks import TalkLink
from events.models import Talk
from notifications.site import absolute
from outreach.models import Question, SpeakerLink
from outreach.models.questions import QUESTION_MAX_LENGTH, new_speaker_secret

ASKING_SALT = "outreach.question.ask"
SPEAKER_SALT = "outreach.question.speaker"
# The emails whose recipients are invited to send a question: a seat's, before the talk.
ASKING_EMAILS = {"rsvp_confirmed", "rsvp_promoted", "reminder"}


def question_ask_url(*, talk: Talk) -> str:
    token = signing.dumps({"t": talk.pk}, salt=ASKING_SALT)
    return absolute(reverse("question_new", kwargs={"token": token}))


def question_email_links(*, talk: Talk, kind: str) -> dict:
    """The link a seat's emails carry to send a question (none once the talk began)."""
    if kind not in ASKING_EMAILS or talk.start <= timezone.now():
        return {}
    return {"question_url": question_ask_url(talk=talk)}


def _signed_talk_id(token: str, salt: str) -> tuple[int, str] | None:
    try:
        payload = signing.loads(token, salt=salt)
        return int(payload["t"]), str(payload.get("s", ""))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def question_talk_from_token(*, token: str) -> Talk | None:
    """The published talk an asking link is for, or None (forged, or no such talk)."""
    signed = _signed_talk_id(token, ASKING_SALT)
    if signed is None:
        return None
    return Talk.objects.published().select_related("venue").filter(pk=signed[0]).first()


def question_asking_open(*, talk: Talk, now=None) -> bool:
    return talk.status == Talk.Status.PUBLISHED and (now or timezone.now()) < talk.start


def question_send(*, talk: Talk, text: str, today: date) -> Question:
    """Store a question with its talk and day only. Raises ValidationError on bad text."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep it under %(limit)s characters.") % {"limit": QUESTION_MAX_LENGTH}}
        )
    if not question_asking_open(talk=talk):
        raise ValidationError(_("This talk has begun: questions can no longer be sent."))
    return Question.objects.create(talk=talk, text=text, created_on=today)


def question_mark(*, question: Question, state: str) -> Question:
    """Mark a question answered, hide it, or open it again."""
    if state not in Question.State.values:
        raise ValidationError(_("Unknown state."))
    question.state = state
    question.save(update_fields=["state"])
    return question


def questions_of(*, talk: Talk, with_hidden: bool):
    questions = Question.objects.filter(talk=talk)
    return questions if with_hidden else questions.exclude(state=Question.State.HIDDEN)


def speaker_link_url(*, talk: Talk) -> str:
    """The speakers' read-only link, made with the talk's secret (created if it has none)."""
    link, _created = SpeakerLink.objects.get_or_create(talk=talk)
    token = signing.dumps({"t": talk.pk, "s": link.secret}, salt=SPEAKER_SALT)
    return absolute(reverse("speaker_questions", kwargs={"token": token}))


def speaker_link_regenerate(*, talk: Talk) -> str:
    """A new secret for the talk: every speakers' link shared before stops working."""
    with transaction.atomic():
        SpeakerLink.objects.update_or_create(talk=talk, defaults={"secret": new_speaker_secret()})
    return speaker_link_url(talk=talk)


def speaker_talk_from_token(*, token: str) -> Talk | None:
    """The talk a speakers' link opens, or None (forged, or its secret was regenerated)."""
    signed = _signed_talk_id(token, SPEAKER_SALT)
    if signed is None:
        return None
    link = SpeakerLink.objects.select_related("talk").filter(talk_id=signed[0]).first()
    if link is None or not constant_time_compare(link.secret, signed[1]):
        return None
    return link.talk


def coordinator_talk_links(*, talk: Talk) -> list[TalkLink]:
    """What a coordinator's talk page links to here: its questions and the feedback items."""
    return [
        TalkLink(
            _("Questions for the speakers"), reverse("coordinator_talk_questions", args=[talk.pk])
        ),
        TalkLink(_("Feedback questions"), reverse("coordinator_feedback_items")),
    ]
