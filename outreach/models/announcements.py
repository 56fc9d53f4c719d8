"""Announcements of new talks: who asked for them (by email, no account needed), for
which topics and places, how often; and which talks were announced when.

A subscriber belongs to an address's email preferences: the preferences' random token is
the secret in every link to their choices, the one-click unsubscribe is the preferences'
own, and their consent history is the address's (`ConsentRecord`, choice announcements).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from events.models import Talk, Topic
from notifications.models import EmailPreference


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Subscribers who confirmed and have not unsubscribed since."""
        return self.filter(confirmed_at__isnull=False, preference__announcements=True)

    def wanting(self, talk: Talk, topic_ids: list[int]):
        """Subscribers whose topics and place match `talk` (with `topic_ids`, its topics)."""
        chosen_topic = Subscriber.topics.through.objects.filter(
            subscriber=OuterRef("pk"), topic_id__in=topic_ids
        )
        scopes = [Subscriber.Scope.BOTH]
        if talk.venue_id:
            scopes.append(Subscriber.Scope.IN_PERSON)
        if talk.online_url:
            scopes.append(Subscriber.Scope.ONLINE)
        return self.filter(Q(all_topics=True) | Exists(chosen_topic), scope__in=scopes)


class Subscriber(models.Model):
    """One address's wish to hear of new talks. Nothing is sent before `confirmed_at`."""

    class Scope(models.TextChoices):
        BOTH = "both", _("In person and online")
        IN_PERSON = "in_person", _("In person only: talks at our venues")
        ONLINE = "online", _("Online only: talks you join from anywhere")

    class Frequency(models.TextChoices):
        EACH = "each", _("An email for each new talk")
        WEEKLY = "weekly", _("A weekly digest")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    preference = models.OneToOneField(
        EmailPreference, on_delete=models.CASCADE, related_name="announcement_subscriber"
    )
    all_topics = models.BooleanField(_("every topic"), default=True)
    topics = models.ManyToManyField(Topic, related_name="subscribers", blank=True)
    scope = models.CharField(_("talks"), max_length=16, choices=Scope, default=Scope.BOTH)
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency, default=Frequency.EACH
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("digest day"), choices=Weekday, default=Weekday.MONDAY
    )
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("Empty: the site's language.")
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement subscriber")
        verbose_name_plural = _("announcement subscribers")
        indexes = [
            models.Index(
                fields=["frequency", "digest_weekday"],
                condition=Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_idx",
            )
        ]

    def __str__(self):
        return f"Subscriber #{self.pk}"


class Announcement(models.Model):
    """A talk as it was announced: when it was published (what a digest lists since)."""

    talk = models.OneToOneField(Talk, on_delete=models.CASCADE, related_name="announcement")
    published_at = models.DateTimeField(_("published"), db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return f"Announcement of talk #{self.talk_id}"
