from django.contrib import admin

from .models import Attachment, CoAuthor, Field, Initiative


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"code": ("name_en",)}


class CoAuthorInline(admin.TabularInline):
    model = CoAuthor
    extra = 0
    raw_id_fields = ("account",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Content corrections only: the status changes through the review workflow, never here."""

    list_display = ("id", "title", "status", "unit", "category", "first_submitted_at")
    list_filter = ("status", "category", "field", "phase")
    search_fields = ("title", "author_name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("submitter", "entered_by")
    readonly_fields = ("status", "submission_key", "first_submitted_at", "submitted_on", "phase", "is_exemplary",
                       "created_at", "updated_at")
    inlines = [CoAuthorInline, AttachmentInline]
    show_full_result_count = False
    list_select_related = ("unit",)
