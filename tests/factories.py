from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from events.services.rsvps import talk_seats_recount
from events.services.schedule import schedule_version_bump

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a verified email, who can log in with PASSWORD."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda user: user.email)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def coordinator_group(user, create, extracted, **kwargs):
        if create:
            # get_or_create: transactional tests flush the group the migration made
            user.groups.add(Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)[0])


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Topic"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: topic.name.lower().replace(" ", "-"))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Speaker"

    name = factory.Sequence(lambda n: f"Dr. Speaker {n}")
    bio = "Psychiatrist and researcher."


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Venue"

    name = factory.Sequence(lambda n: f"Library room {n}")
    address = "100 Main Street, Denver, CO"
    accessibility_notes = "Step-free entrance on the east side."


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Series"

    title = factory.Sequence(lambda n: f"Monthly series {n}")
    slug = factory.Sequence(lambda n: f"monthly-series-{n}")


class TalkFactory(factory.django.DjangoModelFactory):
    """A published in-person talk a week from now (real time), 90 minutes long."""

    class Meta:
        model = "events.Talk"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Understanding ketamine-assisted therapy {n}")
    slug = factory.Sequence(lambda n: f"talk-{n}")
    summary = "What the treatment is, who it helps, and what the evidence says."
    description = "A talk for **everyone**."
    description_html = "<p>A talk for <strong>everyone</strong>.</p>"
    venue = factory.SubFactory(VenueFactory)
    time_zone = "America/Denver"
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda talk: talk.start + timedelta(minutes=90))
    capacity = 30
    status = "published"

    @factory.post_generation
    def topics(talk, create, extracted, **kwargs):
        if create and extracted:
            talk.topics.set(extracted)

    @factory.post_generation
    def speakers(talk, create, extracted, **kwargs):
        if create and extracted:
            talk.speakers.set(extracted)

    @factory.post_generation
    def schedule_version(talk, create, extracted, **kwargs):
        """As the services do with every talk they write."""
        if create:
            schedule_version_bump()


class RsvpFactory(factory.django.DjangoModelFactory):
    """A confirmed RSVP made directly (bypassing services: for arranging state only),
    with its talk's counters recounted as the services would leave them."""

    class Meta:
        model = "events.Rsvp"
        skip_postgeneration_save = True

    talk = factory.SubFactory(TalkFactory)
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    name = factory.Sequence(lambda n: f"Attendee{n}")
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def talk_counters(rsvp, create, extracted, **kwargs):
        if create:
            talk_seats_recount(talk=rsvp.talk)


class WalkInFactory(factory.django.DjangoModelFactory):
    """People let in at the door, made directly (for arranging state only), with the
    talk's counters recounted as `walk_in_add` leaves them."""

    class Meta:
        model = "events.WalkIn"
        skip_postgeneration_save = True

    talk = factory.SubFactory(TalkFactory)
    people = 1

    @factory.post_generation
    def talk_counters(walk_in, create, extracted, **kwargs):
        if create:
            talk_seats_recount(talk=walk_in.talk)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed announcement subscriber (made directly: for arranging state only), to
    every topic, in person and online, one email per talk."""

    class Meta:
        model = "outreach.Subscriber"
        skip_postgeneration_save = True

    preference = factory.SubFactory(
        "tests.factories.EmailPreferenceFactory",
    )
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def topics(subscriber, create, extracted, **kwargs):
        if create and extracted:
            subscriber.all_topics = False
            subscriber.save(update_fields=["all_topics"])
            subscriber.topics.set(extracted)


class EmailPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.EmailPreference"
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")


class PartnerFactory(factory.django.DjangoModelFactory):
    """An active partner organisation with a private contact."""

    class Meta:
        model = "outreach.Partner"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community group {n}")
    slug = factory.Sequence(lambda n: f"community-group-{n}")
    website = "https://group.example.org/"
    description = "A peer-support group that meets every week."
    contact_name = factory.Sequence(lambda n: f"Private Contact {n}")
    contact_email = factory.Sequence(lambda n: f"private.contact{n}@partner.example.org")
    contact_phone = factory.Sequence(lambda n: f"+1 555 0100 {n:03d}")

    @factory.post_generation
    def cohosts(partner, create, extracted, **kwargs):
        """`cohosts=[talk, ...]`: the talks it co-hosts."""
        if create and extracted:
            partner.talks.add(*extracted)

    @factory.post_generation
    def schedule_version(partner, create, extracted, **kwargs):
        """As the services do with every partner they write."""
        if create:
            schedule_version_bump()


class TalkRequestFactory(factory.django.DjangoModelFactory):
    """A new request from a community group, for a talk in person, made a day ago."""

    class Meta:
        model = "outreach.TalkRequest"

    organisation = factory.Sequence(lambda n: f"Riverside Library {n}")
    contact_name = factory.Sequence(lambda n: f"Robin Requester {n}")
    contact_email = factory.Sequence(lambda n: f"requester{n}@group.example.org")
    audience = "Adults at the library's health evening"
    audience_size = 30
    format = "in_person"
    address = "1 River Street, Denver, CO"
    created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ResourceFactory(factory.django.DjangoModelFactory):
    """Reading to take home (outreach), for `topics` (a list; none unless given)."""

    class Meta:
        model = "outreach.Resource"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A guide to treatment, part {n}")
    source = "National Institute of Mental Health"
    link = factory.Sequence(lambda n: f"https://guides.example.org/{n}")
    summary = "What to expect, in plain words."
    kind = "guide"
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def topics(resource, create, extracted, **kwargs):
        if create and extracted:
            resource.topics.set(extracted)
