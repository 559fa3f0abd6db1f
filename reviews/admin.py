from django.contrib import admin

from .models import Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The audit trail: readable, never editable."""

    list_display = ("created_at", "initiative", "action", "from_status", "to_status", "actor", "actor_role")
    list_filter = ("action", "actor_role")
    raw_id_fields = ("initiative",)
    list_select_related = ("initiative", "actor")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
