from datetime import datetime

from django.db import connection
from django.utils import timezone
from ninja import Router, Schema

import moukawil

router = Router(tags=["système"])


class HealthOut(Schema):
    status: str
    version: str
    database: str
    time: datetime


@router.get("/health", response=HealthOut, auth=None, summary="État du service")
def health(request):
    """Answers when the application and its database respond (for load balancers and supervision)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "status": "ok",
        "version": moukawil.__version__,
        "database": connection.vendor,
        "time": timezone.now(),
    }
