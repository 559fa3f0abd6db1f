from django.contrib import admin

from initiatives_portal.forms import TextModelForm
from unions.admin import UnitSearchMixin

from .models import Decision, UnitDeadline


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


@admin.register(UnitDeadline)
class UnitDeadlineAdmin(UnitSearchMixin, admin.ModelAdmin):
    """A unit's own, shorter review deadlines (the phases' are edited with the programme)."""

    form = TextModelForm
    list_display = ("unit", "verify_days", "approve_days", "changed_by", "changed_at")
    search_fields = ("unit__search_name",)
    autocomplete_fields = ("unit",)
    readonly_fields = ("changed_by", "changed_at")

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)
