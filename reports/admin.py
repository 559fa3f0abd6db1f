from django.contrib import admin

from .models import Phase, Programme, UnitTarget


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on", "target")
    inlines = [PhaseInline]


@admin.register(UnitTarget)
class UnitTargetAdmin(admin.ModelAdmin):
    list_display = ("unit", "phase", "assigned", "self_set")
    list_filter = ("phase",)
    search_fields = ("unit__code", "unit__name")
    autocomplete_fields = ("unit",)
