"""Point this process's Celery publisher at a broker for the length of a test, then back."""

import contextlib


def _reset_publisher_pool(app) -> None:
    """Close every broker connection and forget every pool: kombu's registry of producer
    pools is process-wide, and a stale one would hand later tests a closed pool."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(broker_url: str):
    """This process publishes tasks to ``broker_url`` with the portal's broker settings (not eagerly)."""
    from initiatives_portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = broker_url, False
    _reset_publisher_pool(app)
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _reset_publisher_pool(app)
