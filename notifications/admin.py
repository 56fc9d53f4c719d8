from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import ConsentRecord, EmailSettings, OutgoingEmail


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


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """The evidence of each choice an address made: superusers read it, nobody changes it."""

    list_display = ["at", "address", "choice", "value", "how"]
    list_filter = ["choice", "how"]
    list_select_related = ["preference"]
    search_fields = ["preference__email"]
    fields = ["address", "choice", "value", "at", "how"]
    readonly_fields = fields

    @admin.display(description=_("address"), ordering="preference__email")
    def address(self, record):
        return record.preference.email

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
