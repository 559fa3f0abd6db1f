import factory

from unions.enums import UnitKind
from unions.models import Appointment, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit; pass ``parent`` to place it in the tree (a root otherwise)."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Công đoàn đơn vị {n}")
    kind = UnitKind.GRASSROOTS

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.objects.add_root(create_kwargs=kwargs)
        return model_class.objects.add_child(parent, create_kwargs=kwargs)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    user = factory.SubFactory("accounts.tests.factories.UserFactory")
    unit = factory.SubFactory(UnitFactory)
    role = "officer"
