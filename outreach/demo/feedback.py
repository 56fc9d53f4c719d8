"""Demo feedback and questions for `make run`, so the impact figures have something to
show. Idempotent: a talk that has feedback (or questions) already gets no more."""

import random  # demo data only: nothing here is a secret
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Rsvp, Talk
from outreach.models import FeedbackAnswer, FeedbackResponse, Question
from outreach.services.feedback import feedback_items_for

DEMO_QUESTIONS = [
    "Is ketamine-assisted therapy covered by insurance?",
    "How many sessions do people usually need before they notice a change?",
    "Can I keep taking my antidepressants during treatment?",
    "What does a session actually feel like?",
    "How do you make sure it is safe for someone with high blood pressure?",
]


def _score(rng: random.Random, centre: float) -> int:
    return min(5, max(1, round(rng.gauss(centre, 0.8))))


def _responses_for(talk: Talk, items, rng: random.Random) -> list[tuple]:
    """(response, its answers) for one talk: from about half of the confirmed RSVPs (each
    had one feedback link), mostly clear and useful, and attitudes that mostly move up by a
    point or so, a few not at all, the odd one down."""
    made = []
    links_sent = talk.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()
    for _ in range(round(links_sent * rng.uniform(0.45, 0.75))):
        response = FeedbackResponse(
            talk=talk,
            clarity=_score(rng, 4.2),
            usefulness=_score(rng, 3.9),
            answered_on=(talk.end + timedelta(days=rng.choice([0, 0, 1, 1, 2, 5]))).date(),
        )
        answers = []
        for item in items:
            before = _score(rng, 2.6)
            shift = rng.choices([-1, 0, 1, 2], weights=[1, 3, 5, 2])[0]
            answers.append(
                FeedbackAnswer(item=item, before=before, now=min(5, max(1, before + shift)))
            )
        made.append((response, answers))
    return made


@transaction.atomic
def feedback_seed(*, now=None) -> int:
    """Feedback for every past published talk that has none yet, and a few questions for
    the coming ones; returns how many responses were made."""
    now = now or timezone.now()
    answered = FeedbackResponse.objects.values("talk_id")
    past = Talk.objects.published().filter(end__lt=now).exclude(pk__in=answered)
    made = []
    for talk in past.select_related("series").order_by("pk"):
        made += _responses_for(talk, feedback_items_for(talk=talk), random.Random(talk.pk))  # noqa: S311 - demo data
    FeedbackResponse.objects.bulk_create([response for response, _answers in made])
    for response, answers in made:
        for answer in answers:
            answer.response = response
    FeedbackAnswer.objects.bulk_create([a for _response, answers in made for a in answers])
    asked = Question.objects.values("talk_id")
    coming = Talk.objects.published().filter(start__gt=now).exclude(pk__in=asked).order_by("start")
    Question.objects.bulk_create(
        Question(talk=talk, text=text, created_on=now.date())
        for talk in coming[:3]
        for text in random.Random(talk.pk).sample(DEMO_QUESTIONS, 3)  # noqa: S311 - demo data
    )
    return len(made)
