"""QR codes of links, drawn here (segno) so no outside service ever sees a link."""

import io

import segno

# Medium error correction survives a cracked phone screen or a crease in a printout; a
# module of 8 pixels inside the 4-module quiet zone the standard asks for reads from an
# arm's length. The PNG is a two-colour palette image, about 1 KB for our links.
ERROR_CORRECTION = "m"
SCALE = 8
BORDER = 4


def qr_png(url: str) -> bytes:
    """`url` as a QR code in a PNG: the same bytes for the same URL, every time."""
    out = io.BytesIO()
    segno.make(url, error=ERROR_CORRECTION, micro=False).save(
        out, kind="png", scale=SCALE, border=BORDER
    )
    return out.getvalue()
