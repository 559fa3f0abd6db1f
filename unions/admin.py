from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from initiatives_portal.forms import TextModelForm

from . import selectors
from .appointments import AppointmentError, appointment_grant, appointment_revoke
from .enums import ChangeSource
from .models import Appointment, AppointmentChange, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = TextModelForm
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
    """Grants and revocations go through ``unions.appointments`` so that each is recorded."""

    form = TextModelForm

    list_display = ("user", "unit", "role", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__full_name", "user__phone", "user__email", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    readonly_fields = ("granted_by", "granted_at")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form

        class AppointmentAddForm(form):
            def clean(self):
                data = super().clean()
                user, unit, role = data.get("user"), data.get("unit"), data.get("role")
                if unit is not None and role and not selectors.may_appoint(request.user, unit, role):
                    raise ValidationError(_("Bạn không được giao vai trò này tại đơn vị này."))
                if user is not None and (not user.is_active or user.is_closed):
                    raise ValidationError(_("Tài khoản này đang bị khóa hoặc đã đóng."))
                return data

        return AppointmentAddForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # An existing appointment can only be revoked (tick a revocation time).
            return ("user", "unit", "role", "granted_by", "granted_at")
        return self.readonly_fields + ("revoked_at",)

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                appointment, _created = appointment_grant(
                    actor=request.user, user=obj.user, unit=obj.unit, role=obj.role, source=ChangeSource.ADMIN
                )
                obj.pk = appointment.pk
            elif "revoked_at" in form.changed_data and obj.revoked_at is not None:
                stored = Appointment.objects.select_related("unit").get(pk=obj.pk)
                appointment_revoke(actor=request.user, appointment=stored, source=ChangeSource.ADMIN)
        except AppointmentError as error:
            messages.error(request, error.message)

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: the history keeps every appointment.
        return False


@admin.register(AppointmentChange)
class AppointmentChangeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "user", "role", "unit", "actor", "source")
    list_filter = ("action", "role", "source")
    search_fields = ("user__full_name", "user__phone", "user__email", "unit__code")
    list_select_related = ("user", "unit", "actor")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

