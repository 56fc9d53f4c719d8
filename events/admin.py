from django.contrib import admin
from django.utils import timezone

from events.models import Series, Speaker, Talk, TalkChange, Topic, Venue


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    """A venue that upcoming talks use is read-only here: changing the place of a talk
    goes through the talk's own edit page, which tells attendees and their calendars."""

    search_fields = ["name", "address"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.talks.filter(end__gt=timezone.now()).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
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
