"""The two signed values of a talk request.

The status link in the acknowledgement email carries the request's id, signed with its
own salt: whoever holds it sees the request's state, and nothing else opens the page. A
tampered or made-up token is a 404 (the `token` path converter already turns away what
cannot be one, a NUL byte or a slash).

The request form carries the moment it was shown, signed, so the view can refuse a form
sent back faster than a person could fill it in (a bot's) without storing anything.
"""

from datetime import datetime

from django.core import signing

STATUS_SALT = "outreach.talk-request.status"
SHOWN_SALT = "outreach.talk-request.shown"


def talk_request_status_token(*, request_id: int) -> str:
    return signing.dumps({"request": request_id}, salt=STATUS_SALT, compress=True)


def talk_request_id_from_token(token: str) -> int | None:
    """The request id in a good status token, or None."""
    try:
        request_id = signing.loads(token, salt=STATUS_SALT)["request"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return request_id if isinstance(request_id, int) else None


def form_shown_stamp(*, now: datetime) -> str:
    return signing.dumps(now.timestamp(), salt=SHOWN_SALT)


def form_shown_at(stamp: str) -> float | None:
    """The moment (a POSIX timestamp) a form was shown, or None if the stamp is not ours."""
    try:
        shown = signing.loads(stamp, salt=SHOWN_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return shown if isinstance(shown, int | float) else None
