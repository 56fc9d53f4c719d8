"""`/healthz`: 200 when the database and the broker answer, 503 naming what is down."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def broker_reachable() -> bool:
    broker = Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
    )
    try:
        broker.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    except Exception:  # any failure to connect means "down"
        return False
    finally:
        broker.release()
    return True


@never_cache
def healthz(request):
    checks = {"database": database_reachable(), "broker": broker_reachable()}
    down = sorted(name for name, ok in checks.items() if not ok)
    body = {"status": "ok" if not down else "down", "down": down}
    return JsonResponse(body, status=503 if down else 200)
