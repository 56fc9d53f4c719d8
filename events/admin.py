from django.contrib import admin

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
    search_fields = ["name", "address"]


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
