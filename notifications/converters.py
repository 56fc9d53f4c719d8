"""URL parts that carry secrets: only the characters our tokens are made of.

Random tokens are URL-safe base64 and signed ones add `:` and `.`; anything else (a NUL
byte, a slash, a space) cannot be a token, so such a URL is a plain 404 before any lookup.
"""

from django.urls import register_converter


class TokenConverter:
    regex = r"[A-Za-z0-9_\-:.]{1,512}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
