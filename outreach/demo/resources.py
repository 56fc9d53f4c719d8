"""Demo data for `make run`: reading to take home for the demo topics (events/demo.py).
Idempotent: a resource whose link is already there is left as it is."""

from datetime import date, timedelta

from events.demo import TOPICS
from events.models import Topic
from outreach.models import Resource, ResourceKind
from outreach.services.resources import resource_create

# (title, source, link, summary, kind, topic slugs)
RESOURCES = [
    (
        "988 Suicide & Crisis Lifeline",
        "988 Lifeline",
        "https://988lifeline.org/",
        "Call or text 988, any hour, to talk with a trained crisis counselor.",
        ResourceKind.SUPPORT,
        ["ketamine-assisted-therapy", "treatment-resistant-depression", "ptsd"],
    ),
    (
        "Depression: the basics",
        "National Institute of Mental Health",
        "https://www.nimh.nih.gov/health/topics/depression",
        "What depression is, its signs, and the treatments that help, in plain words.",
        ResourceKind.GUIDE,
        ["treatment-resistant-depression"],
    ),
    (
        "Understanding PTSD and its treatment",
        "National Center for PTSD",
        "https://www.ptsd.va.gov/understand/index.asp",
        "How PTSD develops, how it is treated, and where to find help.",
        ResourceKind.GUIDE,
        ["ptsd"],
    ),
    (
        "A family's guide to ketamine-assisted therapy",
        "Community Talks clinic (demo)",
        "https://clinic.example.org/guides/ketamine-for-families",
        "What a session looks like, and how to support someone through a course of treatment.",
        ResourceKind.GUIDE,
        ["families-and-carers", "ketamine-assisted-therapy"],
    ),
    (
        "Ketamine for treatment-resistant depression: a review of the trials",
        "Example Journal of Psychiatry (demo)",
        "https://journal.example.org/reviews/ketamine-trd",
        "A review of randomised trials: how quickly it works, how long it lasts, side effects.",
        ResourceKind.RESEARCH,
        ["research-and-evidence", "treatment-resistant-depression"],
    ),
    (
        "What happens in a ketamine session (video, 6 minutes)",
        "Community Talks clinic (demo)",
        "https://video.example.org/ketamine-session-explained",
        "A nurse and a patient walk through a session, from arrival to the ride home.",
        ResourceKind.VIDEO,
        ["ketamine-assisted-therapy"],
    ),
]


def resources_seed(*, today: date) -> list[Resource]:
    """The demo resources, reviewed in the last few months before `today`, on the demo
    topics (made if missing)."""
    names = {slug: name for name, slug in TOPICS}
    made = []
    for number, (title, source, link, summary, kind, slugs) in enumerate(RESOURCES):
        if Resource.objects.filter(link=link).exists():
            continue
        topics = [
            Topic.objects.get_or_create(slug=slug, defaults={"name": names[slug]})[0]
            for slug in slugs
        ]
        made.append(
            resource_create(
                title=title,
                source=source,
                link=link,
                summary=summary,
                kind=kind,
                reviewed_on=today - timedelta(days=30 * number + 12),
                topics=topics,
            )
        )
    return made
