from django.contrib import admin

from notifications.models import EmailSettings, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "state", "attempts", "due_at", "sent_at"]
    list_filter = ["state", "kind"]
    fields = ["kind", "category", "state", "due_at", "attempts", "last_error", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    pass
