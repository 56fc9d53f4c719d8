"""Reading QR codes back, as a phone's camera would: zxing-cpp, from the PNG's pixels."""

import io

import zxingcpp
from PIL import Image


def qr_texts(png: bytes) -> list[str]:
    """The text of every QR code in the image (zxing-cpp finds each one it can read)."""
    image = Image.open(io.BytesIO(png))
    return [
        found.text
        for found in zxingcpp.read_barcodes(image)
        if found.format == zxingcpp.BarcodeFormat.QRCode
    ]
