from django.contrib import admin

from initiatives_portal.forms import TextModelForm
from unions.admin import UnitSearchMixin

from .models import Phase, Programme, UnitTarget


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
    form = TextModelForm
    list_display = ("unit", "phase", "assigned", "self_set")
    list_filter = ("phase",)
    search_fields = ("unit__search_name",)
    autocomplete_fields = ("unit",)
