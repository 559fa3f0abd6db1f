from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextModelForm
from unions.admin import UnitSearchMixin

from .models import EmulationCluster


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
