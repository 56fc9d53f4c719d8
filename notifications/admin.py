from django.contrib import admin

from notifications.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["id", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    exclude = ["raw_message"]
    readonly_fields = ["recipient", "from_email", "subject", "state", "attempts", "last_error"]
