from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextModelForm
from unions.admin import UnitSearchMixin

from .models import EmulationCluster, SentReport


@admin.register(EmulationCluster)
class EmulationClusterAdmin(UnitSearchMixin, admin.ModelAdmin):
    """Clusters and their members; members are picked by search (the tree is too large for a list widget)."""

    form = TextModelForm

    list_display = ("name", "member_count")
    search_fields = ("name", "members__search_name")
    unit_search_prefix = "members__"
    autocomplete_fields = ("members",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("số đơn vị thành viên"), ordering="member_total")
    def member_count(self, obj: EmulationCluster) -> int:
        return obj.member_total


@admin.register(SentReport)
class SentReportAdmin(admin.ModelAdmin):
    """Reports recorded as sent, for reading: they are recorded from the report page and never changed."""

    list_display = ("unit", "as_of", "number", "recorded_by", "recorded_at")
    list_select_related = ("unit", "recorded_by")
    search_fields = ("unit__code", "number")
    date_hierarchy = "as_of"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
