"""Against the real Redis broker (REDIS_URL): a decision's e-mail is queued for the worker."""

import os

import pytest

from initiatives_portal.tests.publishing import publishing_to
from reviews.enums import EmailState
from reviews.models import Notification
from reviews.services import initiative_decide

pytestmark = [pytest.mark.redis, pytest.mark.xdist_group("redis"), pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set")]


@pytest.fixture
def live_broker():
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("celery")
    with publishing_to(os.environ["REDIS_URL"]):
        yield client
    client.delete("celery")


def test_decision_email_task_is_published_to_redis(live_broker, submitted, school_officer,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=submitted, action="verify", actor=school_officer)
    assert live_broker.llen("celery") == 1
    assert b"reviews.tasks.send_notification_email" in live_broker.lindex("celery", 0)


def test_published_task_run_by_worker_code_sends_email(live_broker, submitted, school_officer, worker,
                                                       django_capture_on_commit_callbacks):
    import json

    from reviews.tasks import send_notification_email

    worker.email = "lan@truong.edu.vn"
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=submitted, action="verify", actor=school_officer)
    message = json.loads(live_broker.lpop("celery"))
    args = json.loads(__import__("base64").b64decode(message["body"]))[0]
    send_notification_email.run(*args)
    assert Notification.objects.get().email_state == EmailState.SENT
