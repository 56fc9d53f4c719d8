"""Images coordinators upload: a speaker's photo, a talk's image, the site's logo.

What a file is comes from its first bytes, never from its name or the browser's word,
and it is stored under a new random name. A talk's image and the logo are also opened
with Pillow: they are shown large and to everyone, so a file that only starts like an
image, or one whose pixels would fill the memory of whoever decodes it, is refused.
"""

import uuid

from django import forms
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# What a photo's first bytes say it is; its name and the browser's word are not trusted.
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
ACCEPTED = "image/jpeg,image/png,image/webp"
# Enough for any picture a page shows; a few kilobytes of PNG could claim far more.
MAX_PIXELS = 40_000_000


def image_kind(head: bytes) -> str | None:
    """ "jpg", "png" or "webp" from a file's first bytes; None for anything else."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def upload_checked(upload, *, max_bytes: int, too_big: str, not_image: str):
    """The upload, renamed, if it is a JPEG, PNG or WebP of at most `max_bytes`; "" for
    none (or cleared); the stored file as it is. Raises ValidationError with the words
    given."""
    if not upload:
        return ""
    if not hasattr(upload, "content_type"):
        return upload  # the one already saved
    if upload.size > max_bytes:
        raise forms.ValidationError(too_big)
    upload.seek(0)
    kind = image_kind(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise forms.ValidationError(not_image)
    upload.name = f"{uuid.uuid4().hex}.{kind}"  # never the name it came with
    return upload


def picture_checked(upload, *, max_bytes: int, too_big: str, not_image: str):
    """As `upload_checked`, and the whole image decodes with Pillow within MAX_PIXELS."""
    upload = upload_checked(upload, max_bytes=max_bytes, too_big=too_big, not_image=not_image)
    if not hasattr(upload, "content_type"):
        return upload
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise forms.ValidationError(
                    _("The image has too many pixels. Choose one under 40 megapixels.")
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(not_image) from None
    finally:
        upload.seek(0)
    return upload
