from django.db import migrations

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


def create_fields(apps, schema_editor):
    Field = apps.get_model("submissions", "Field")
    for position, (code, name, name_en) in enumerate(DEFAULT_FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(create_fields, migrations.RunPython.noop)]
