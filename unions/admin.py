from django.contrib import admin

from .models import Appointment, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    # A plain list with search: the tree has ~130.000 units, too many for a tree widget.
    list_display = ("code", "name", "kind", "depth", "is_active")
    list_filter = ("kind", "is_active", "depth")
    search_fields = ("code", "search_name")
    readonly_fields = ("path", "depth", "numchild")
    fields = ("code", "name", "kind", "is_active", "path", "depth", "numchild")
    show_full_result_count = False

    def has_add_permission(self, request):
        # New units enter through import_units, which places them in the tree.
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__full_name", "user__phone", "user__email", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
