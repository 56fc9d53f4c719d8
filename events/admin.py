from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.utils import timezone

from events.models import AttendeeListAccess, Series, Speaker, Talk, TalkChange, Topic, Venue
from events.privacy import account_delete
from events.services.schedule import schedule_version_bump
from notifications.admin import EmailSettingsAdmin
from notifications.models import EmailSettings


class ScheduleAdmin(admin.ModelAdmin):
    """For what the public schedule shows: each save or delete raises the schedule's
    version in the same transaction, so feeds and cached pages hear of it."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            schedule_version_bump()

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            schedule_version_bump()

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            schedule_version_bump()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            schedule_version_bump()


@admin.register(Topic)
class TopicAdmin(ScheduleAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Series)
class SeriesAdmin(ScheduleAdmin):
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Speaker)
class SpeakerAdmin(ScheduleAdmin):
    search_fields = ["name"]


# Links typed without a scheme are https (Django 6's default; saying so now silences 5.2).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Venue)
class VenueAdmin(ScheduleAdmin):
    formfield_overrides = HTTPS_LINKS
    """A venue that upcoming talks use is read-only here: changing the place of a talk
    goes through the talk's own edit page, which tells attendees and their calendars."""

    search_fields = ["name", "address"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.talks.filter(end__gt=timezone.now()).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(Talk)
class TalkAdmin(ScheduleAdmin):
    formfield_overrides = HTTPS_LINKS
    """Read-only here: talks change through the coordinator pages, which log every change."""

    list_display = ["title", "status", "start", "capacity"]
    list_filter = ["status", "topics"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TalkChange)
class TalkChangeAdmin(admin.ModelAdmin):
    list_display = ["talk", "action", "at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AttendeeListAccess)
class AttendeeListAccessAdmin(admin.ModelAdmin):
    """Who saw or took which talk's attendee list: superusers read it, nobody changes it
    (a coordinator, even one given every permission, never sees it here)."""

    list_display = ["at", "by_name", "talk", "what"]
    list_filter = ["what"]
    list_select_related = ["talk"]
    search_fields = ["by_name", "talk__title"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Deleting an account here forgets its RSVPs as the person's own deletion would
    (events.privacy.account_delete): a cascade would take seats away behind the talks'
    counters and leave the next person on the waitlist waiting."""

    def delete_model(self, request, obj):
        account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_delete(user=user)


admin.site.unregister(EmailSettings)


@admin.register(EmailSettings)
class SiteEmailSettingsAdmin(EmailSettingsAdmin):
    """The RSVP form shows the discreet default, so the kept public pages must hear of a
    change made here too (events.services.email_settings_change)."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            schedule_version_bump()
