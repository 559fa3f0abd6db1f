from django.contrib import admin

from initiatives_portal.forms import TextModelForm
from unions.admin import UnitSearchMixin

from .enums import TargetChangeSource
from .models import Phase, Programme, UnitTarget, UnitTargetChange
from .services import TargetValue, unit_targets_remove, unit_targets_write


class PhaseInline(admin.TabularInline):
    model = Phase
    form = TextModelForm
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = TextModelForm
    list_display = ("name", "starts_on", "ends_on", "target")
    inlines = [PhaseInline]


@admin.register(UnitTarget)
class UnitTargetAdmin(UnitSearchMixin, admin.ModelAdmin):
    """Edits go through the targets' writer, so each one is in the history (source: admin)."""

    form = TextModelForm
    list_display = ("unit", "phase", "assigned", "self_set")
    list_filter = ("phase",)
    search_fields = ("unit__search_name",)
    autocomplete_fields = ("unit",)

    def get_readonly_fields(self, request, obj=None):
        # A target moves to another unit or phase by removing it and giving a new one, both recorded.
        return ("unit", "phase") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        value = TargetValue(obj.unit_id, obj.phase, obj.assigned, obj.self_set, keep_self_set=False)
        unit_targets_write(values=[value], by=request.user, source=TargetChangeSource.ADMIN)
        saved = UnitTarget.objects.get(unit_id=obj.unit_id, phase=obj.phase)
        obj.pk, obj.id = saved.pk, saved.pk

    def delete_model(self, request, obj):
        unit_targets_remove(unit=obj.unit, phases=[obj.phase], by=request.user, source=TargetChangeSource.ADMIN)

    def delete_queryset(self, request, queryset):
        for target in queryset.select_related("unit"):
            self.delete_model(request, target)


@admin.register(UnitTargetChange)
class UnitTargetChangeAdmin(UnitSearchMixin, admin.ModelAdmin):
    """The targets' history, read-only: written by ``campaign.services`` only."""

    list_display = ("created_at", "unit", "phase", "old_assigned", "new_assigned", "old_self_set", "new_self_set",
                    "source", "by", "reason")
    list_filter = ("source", "phase")
    search_fields = ("unit__search_name", "by__full_name", "by__email", "by__phone")
    list_select_related = ("unit", "by")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
