"""Reading settings from the environment.

Every helper fails at start-up with a message naming the variable, so a typo in a
deployment is found before the first request rather than by it.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def local_secret_key(folder: Path) -> str:
    """A random SECRET_KEY for local runs, made on first use and kept in `folder` (var/,
    which git ignores), so no two installations share a key that signs their links."""
    path = folder / "secret_key"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()  # made before (or just now, by another process)
    with os.fdopen(handle, "w") as file:
        file.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SMTP_SCHEMES = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}
SMTP_SCHEMES["smtp+ssl"] = SMTP_SCHEMES["smtps"]


def email_delivery_from_url(url: str) -> dict:
    """Turn EMAIL_URL into delivery settings.

    `smtp://user:password@host:25`, `smtp+tls://...` (STARTTLS), `smtps://...` or
    `smtp+ssl://...` (implicit TLS), `file:///path/to/folder` (.eml files),
    `console://` (print to the terminal).
    """
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"backend": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a folder, e.g. file:///var/mail.")
        return {"backend": "notifications.backends.EmlFileBackend", "file_path": parts.path}
    if parts.scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not one of "
            "smtp, smtp+tls, smtps, smtp+ssl, file, console."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp://mail.example.org:25.")
    use_tls, use_ssl = SMTP_SCHEMES[parts.scheme]
    query = parse_qs(parts.query)
    try:
        port = parts.port or (465 if use_ssl else 587 if use_tls else 25)
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    return {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": parts.hostname,
        "port": port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": use_tls or query.get("tls") == ["true"],
        "use_ssl": use_ssl,
    }
