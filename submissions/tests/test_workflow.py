"""The port through which submissions reaches the state machine above it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from submissions import workflow


def test_status_changes_refuse_when_no_state_machine_is_registered(monkeypatch):
    monkeypatch.setattr(workflow, "_registered", None)

    with pytest.raises(ImproperlyConfigured):
        workflow.workflow()


def test_the_installed_apps_register_a_state_machine():
    assert callable(workflow.workflow().submit)
