import factory

from accounts.enums import SubmitterCategory
from accounts.models import User

PASSWORD = "Mật-khẩu-thử-2022"
NAMES = ("Đặng Văn Đức", "Đỗ Thị Đào", "Nguyễn Văn Định", "Lê Thị Hường", "Trịnh Đình Quỳnh", "Phạm Ngọc Ẩn")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = None
    # Names as members have them: Đ/đ, and every tone mark of the alphabet somewhere.
    full_name = factory.Sequence(lambda n: f"{NAMES[n % len(NAMES)]} {n}")
    category = SubmitterCategory.ENTERPRISE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
