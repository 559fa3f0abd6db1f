from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives_portal.forms import TextModelForm
from initiatives_portal.text import fold

from . import selectors
from .appointments import AppointmentError, appointment_grant, appointment_revoke
from .enums import ChangeSource
from .models import Appointment, AppointmentChange, Unit


class UnitSearchMixin:
    """An admin whose search finds rows by their unit's name or code with accents folded.

    Django's search compares what was typed as typed: "Hà Nội" finds nothing in a folded
    column, "ha noi" nothing in a name. Here each word must be in one of the other
    ``search_fields`` (as Django compares) or, folded, in the unit's folded column, the
    one PostgreSQL's trigram index serves. ``search_fields`` names that column too, for the
    admin to show its search box.
    """

    unit_search_prefix = "unit__"

    def get_search_results(self, request, queryset, search_term):
        unit_column = f"{self.unit_search_prefix}search_name"
        others = [field for field in self.get_search_fields(request) if field != unit_column]
        condition = Q()
        for word in search_term.split()[: selectors.UNIT_SEARCH_WORDS]:
            either = Q(**{f"{unit_column}__contains": fold(word)})
            for field in others:
                either |= Q(**{f"{field}__icontains": word})
            condition &= either
        # Through a many-to-many relation a row matches once per matching unit.
        relation = self.model._meta.get_field(self.unit_search_prefix.split("__")[0])
        return queryset.filter(condition), relation.many_to_many


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Units are renamed, reclassified or closed here; their place in the tree is not edited here.

    The tree's own columns (path, depth, numchild) are neither shown nor written: a unit
    moves or merges through ``unions.restructure`` (``manage.py move_unit``), which keeps
    the subtree, the history and the figures consistent.
    """

    form = TextModelForm

    # A plain list with search: the tree has ~130.000 units, too many for a tree widget.
    list_display = ("code", "name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    # Vietnamese alphabetical order, from the indexed sort key.
    ordering = ("sort_name", "code")
    # Declared for the admin's search box and autocomplete; the search itself is
    # get_search_results (folded, like every search of the portal).
    search_fields = ("search_name",)
    fields = ("code", "name", "kind", "is_active", "parent_unit")
    readonly_fields = ("parent_unit",)
    show_full_result_count = False

    @admin.display(description=gettext_lazy("đơn vị cấp trên"))
    def parent_unit(self, obj: Unit) -> str:
        parent = Unit.objects.get_parent(obj) if obj.pk and obj.depth > 1 else None
        return f"{parent.name} ({parent.code})" if parent is not None else "—"

    def get_search_results(self, request, queryset, search_term):
        # Also what every unit picker of the admin calls (autocomplete and raw-id popups).
        return queryset.filter(selectors.unit_search_q(search_term)), False

    def save_model(self, request, obj, form, change):
        # Only the edited columns: the tree's columns as read with the form may be stale
        # by now (a move committed meanwhile), and writing them back would undo it.
        obj.save(update_fields=[*form.changed_data, "search_name", "sort_name"] if change else None)

    def has_add_permission(self, request):
        # New units enter through import_units, which places them in the tree.
        return False


@admin.register(Appointment)
class AppointmentAdmin(UnitSearchMixin, admin.ModelAdmin):
    """Grants and revocations go through ``unions.appointments`` so that each is recorded."""

    form = TextModelForm

    list_display = ("user", "unit", "role", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__full_name", "user__phone", "user__email", "unit__search_name")
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
class AppointmentChangeAdmin(UnitSearchMixin, admin.ModelAdmin):
    list_display = ("created_at", "action", "user", "role", "unit", "actor", "source")
    list_filter = ("action", "role", "source")
    search_fields = ("user__full_name", "user__phone", "user__email", "unit__search_name")
    list_select_related = ("user", "unit", "actor")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

