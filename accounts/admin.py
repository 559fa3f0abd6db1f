from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("-id",)
    list_display = ("full_name", "phone", "email", "unit", "category", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "category")
    search_fields = ("full_name", "phone", "email")
    autocomplete_fields = ("unit",)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("phone", "email", "password")}),
        (_("Hồ sơ"), {"fields": ("full_name", "unit", "category", "job_title", "workplace", "qualification",
                                 "holds_management_post", "is_direct_production_worker")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("phone", "email", "full_name", "password1",
                                                             "password2")}),)
