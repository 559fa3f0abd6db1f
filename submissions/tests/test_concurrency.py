"""Edits of the same initiative at the same moment, each on its own PostgreSQL connection."""

import threading

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from submissions import services
from submissions.attachments import PDF
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

from .conftest import PDF_BYTES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_simultaneous_edits_never_store_more_attachments_than_the_limit(worker, programme):
    initiative = InitiativeFactory(submitter=worker)
    services._store_files(initiative, [SimpleUploadedFile("dau.pdf", PDF_BYTES)], [PDF], worker)
    # Each edit read one attachment and adds two: alone, each is within the limit of five.
    editors = 3
    barrier = threading.Barrier(editors)
    outcomes: list[str] = []

    def edit(n):
        try:
            copy = Initiative.objects.get(pk=initiative.pk)
            files = [SimpleUploadedFile(f"tep-{n}-{i}.pdf", PDF_BYTES) for i in range(2)]
            barrier.wait(timeout=10)
            services.initiative_update(initiative=copy, by=worker, data={}, files=files, file_kinds=[PDF, PDF])
            outcomes.append("stored")
        except services.InitiativeError as error:
            outcomes.append(f"refused: {error.message}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "stored", "stored"]
    assert initiative.attachments.count() == settings.ATTACHMENT_MAX_COUNT
