"""Limits on what anyone can make the service do for an address they may not own.

A guest RSVP sends an email to whatever address is typed in, so guest RSVPs are limited
per client address and per email address, in the shared cache (Redis in production, so
every process counts together). The per-address limit is also the cap on confirmation
emails one address can be sent in a day. Counts are kept under keyed hashes: no address
is written to the cache in the clear.
"""

from dataclasses import dataclass
from datetime import datetime

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int

    def window_end(self, now: datetime) -> int:
        """Seconds from `now` until this limit's current window closes."""
        return self.seconds - int(now.timestamp()) % self.seconds


def guest_rsvp_limits() -> tuple[Limit, Limit]:
    """(per client address, per email address), from the settings."""
    return (
        Limit("guest-rsvp-ip", settings.EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR, 3600),
        Limit("guest-rsvp-address", settings.EVENTS_GUEST_RSVPS_PER_ADDRESS_PER_DAY, 86400),
    )


def client_address(request) -> str:
    """The client's address as allauth's limits see it (TRUSTED_PROXY_COUNT honoured)."""
    return get_adapter(request).get_client_ip(request)


def limit_spend(limit: Limit, subject: str, now: datetime | None = None) -> bool:
    """Count one use of `limit` by `subject`; False once the window's count is spent."""
    now = now or timezone.now()
    window = int(now.timestamp()) // limit.seconds
    digest = salted_hmac("events.ratelimits", f"{limit.name}|{subject}").hexdigest()[:32]
    key = f"rl:{limit.name}:{window}:{digest}"
    cache.add(key, 0, timeout=limit.seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: this use starts a new count
        cache.add(key, 1, timeout=limit.seconds)
        used = 1
    return used <= limit.count
