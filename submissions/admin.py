from django.contrib import admin

from initiatives_portal.forms import TextModelForm

from .forms import benefit_field
from .models import Attachment, CoAuthor, Field, Initiative


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    form = TextModelForm
    list_display = ("name", "name_en", "code", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"code": ("name_en",)}


class CoAuthorInline(admin.TabularInline):
    model = CoAuthor
    form = TextModelForm
    extra = 0
    raw_id_fields = ("account",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = TextModelForm
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Content corrections only: the status changes through the review workflow, never here."""

    form = TextModelForm

    list_display = ("id", "title", "status", "unit", "category", "first_submitted_at")
    list_filter = ("status", "category", "field", "phase")
    search_fields = ("title", "author_name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("submitter", "entered_by")
    readonly_fields = ("status", "submission_key", "first_submitted_at", "submitted_on", "phase", "approved_on",
                       "is_exemplary", "created_at", "updated_at")
    inlines = [CoAuthorInline, AttachmentInline]
    show_full_result_count = False
    list_select_related = ("unit",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The benefit reads as on the intake form: "250.000.000" is 250 million, never 250.
        if db_field.name == "benefit_vnd":
            return benefit_field()
        return super().formfield_for_dbfield(db_field, request, **kwargs)
