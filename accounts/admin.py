from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextInputMixin

from . import services
from .models import AccountEvent, PasswordResetCode, User


class TextUserChangeForm(TextInputMixin, UserChangeForm):
    """Django's account change form, with the portal's rules for typed text."""


class TextUserCreationForm(TextInputMixin, AdminUserCreationForm):
    """Django's account creation form, with the portal's rules for typed text."""


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = TextUserChangeForm
    add_form = TextUserCreationForm
    ordering = ("-id",)
    list_display = ("full_name", "phone", "email", "unit", "category", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "category", "must_set_password")
    search_fields = ("full_name", "phone", "email")
    autocomplete_fields = ("unit",)
    show_full_result_count = False
    readonly_fields = ("personal_data_consent_at", "closed_at")
    fieldsets = (
        (None, {"fields": ("phone", "email", "password", "must_set_password")}),
        (_("Hồ sơ"), {"fields": ("full_name", "unit", "category", "job_title", "workplace", "qualification",
                                 "holds_management_post", "is_direct_production_worker")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined", "personal_data_consent_at", "closed_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("phone", "email", "full_name", "password1",
                                                             "password2")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Changes made here are recorded too (the field names, not their values).
        services.user_record_admin_change(actor=request.user, user=obj, fields=list(form.changed_data))

    def has_delete_permission(self, request, obj=None):
        # Accounts are closed (anonymised), never deleted: their history and initiatives point at them.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subject", "action", "actor", "unit", "detail")
    list_filter = ("action",)
    search_fields = ("subject__full_name", "subject__phone", "subject__email")
    list_select_related = ("subject", "actor", "unit")
    show_full_result_count = False


@admin.register(PasswordResetCode)
class PasswordResetCodeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "issued_by", "unit", "expires_at", "used_at", "failed_attempts")
    exclude = ("code_hash",)
    search_fields = ("user__full_name", "user__phone")
    list_select_related = ("user", "issued_by", "unit")
    show_full_result_count = False
