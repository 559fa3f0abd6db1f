from decimal import Decimal

import factory

from accounts.enums import SubmitterCategory
from submissions.models import Field, Initiative


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A draft by ``submitter`` in their unit; submit it through reviews.services."""

    class Meta:
        model = Initiative

    submitter = factory.SubFactory("accounts.tests.factories.UserFactory")
    entered_by = factory.SelfAttribute("submitter")
    unit = factory.SelfAttribute("submitter.unit")
    author_name = factory.SelfAttribute("submitter.full_name")
    category = SubmitterCategory.ENTERPRISE
    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến đường ống số {n}")
    field = factory.LazyFunction(lambda: Field.objects.get(code="engineering"))
    # Stored text is NFC (the forms and the import normalise it); emoji and a right-to-left
    # mark are kept as typed.
    summary = "Tóm tắt sáng kiến 💡."
    problem = "Thực trạng: đường dây điện cũ."
    solution = "Giải pháp\u200f."
    benefits = "Lợi ích: giảm điện năng 👍."
    author_contribution = Decimal("100")
