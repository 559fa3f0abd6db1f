"""The initiative fields every installation starts with.

Migration 0002 writes them with its historical model, and tests whose flush emptied the
table write them back with the current one; both pass the model in, so this module
imports no model and a migration may import it.
"""

DEFAULT_FIELDS = [
    ("education", "Giáo dục, đào tạo", "Education"),
    ("health", "Y tế", "Health"),
    ("science_technology", "Khoa học, công nghệ", "Science and technology"),
    ("engineering", "Kỹ thuật, sản xuất", "Engineering and production"),
    ("covid19", "Phòng, chống dịch Covid-19", "Covid-19 prevention"),
    ("administration", "Cải cách hành chính", "Administrative reform"),
    ("digital", "Chuyển đổi số", "Digital transformation"),
    ("other", "Lĩnh vực khác", "Other"),
]


def create_default_fields(field_model) -> None:
    """Create or update the default fields, in their order, on ``field_model`` (a Field model)."""
    for position, (code, name, name_en) in enumerate(DEFAULT_FIELDS, start=1):
        field_model.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
