"""Thin Celery tasks: take ids, call the service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_notification_email(notification_id: int) -> str:
    return services.notification_send_email(notification_id=notification_id)


@shared_task(ignore_result=True)
def send_pending_notification_emails() -> int:
    return services.notifications_send_pending()
