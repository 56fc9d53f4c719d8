"""The Spanish catalog is whole, compiled and current, and pages and emails speak it.

A string added to the code fails `test_every_string_in_the_code_is_in_the_catalog` until
it is translated: run the README's makemessages command, translate what it adds (leave no
entry fuzzy), compile, and commit both locale/es/LC_MESSAGES/django.po and django.mo.
"""

import re
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from events import services
from tests.conftest import IN_CI, deliver_due, text_of
from tests.factories import TalkFactory, UserFactory

LOCALE = settings.BASE_DIR / "locale"
CATALOG = LOCALE / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
# What the README's makemessages command leaves out, and what a copy of the code needs not.
NOT_SCANNED = [".venv", "tests", "bench", "node_modules"]
NOT_COPIED = [*NOT_SCANNED, ".git", "var", "staticfiles", "*.egg-info", "__pycache__"]
# printf-style (`%(count)s`, `%s`, `%%`) and brace-style (`{name}`) placeholders.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxX%]|\{\w*\}")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')


def key(entry: polib.POEntry) -> tuple:
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def translations(entries) -> dict:
    """Each entry's key -> its msgstr, or its plural forms in order (the header left out)."""
    return {
        key(entry): entry.msgstr
        if not entry.msgid_plural
        else tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        for entry in entries
        if entry.msgid
    }


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def switcher(response) -> str:
    """The language switcher's form, on one line, with the CSRF token masked."""
    form = re.search(r'<form class="language-switcher".*?</form>', response.content.decode(), re.S)
    return CSRF.sub(r"\1…", " ".join(form.group(0).split()).replace("> <", "><"))


def test_spanish_catalog_has_no_untranslated_or_fuzzy_entry():
    catalog = polib.pofile(CATALOG)

    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]

    assert (untranslated, fuzzy, bool(catalog.metadata_is_fuzzy)) == ([], [], False)
    assert (catalog.metadata["Language"], catalog.metadata["Plural-Forms"]) == (
        "es",
        "nplurals=2; plural=(n != 1);",
    )


def test_spanish_translations_keep_every_placeholder():
    catalog = polib.pofile(CATALOG)
    pairs = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            pairs += [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs.append((entry.msgid, entry.msgstr))

    mismatched = [
        (source, spanish)
        for source, spanish in pairs
        if placeholders(source) != placeholders(spanish)
    ]

    assert mismatched == []


def test_compiled_catalog_is_the_po_compiled():
    """django.mo is what Django reads: it must say what django.po says, entry for entry
    (compiled by msgfmt or polib alike, so compared by content, not by bytes)."""
    source, compiled = polib.pofile(CATALOG), polib.mofile(COMPILED)
    expected, shipped = translations(source.translated_entries()), translations(compiled)

    stale = sorted(
        str(k) for k in expected.keys() | shipped.keys() if expected.get(k) != shipped.get(k)
    )

    assert stale == []
    assert compiled.metadata["Plural-Forms"] == source.metadata["Plural-Forms"]


def test_every_string_in_the_code_is_in_the_catalog(tmp_path, monkeypatch):
    """makemessages, run over a copy of the code, finds no msgid the catalog lacks."""
    if not shutil.which("xgettext"):
        if IN_CI:
            pytest.fail("CI must find every untranslated string: install gettext (xgettext).")
        pytest.skip("needs GNU gettext's xgettext (apt-get install gettext)")
    copy = tmp_path / "code"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
    monkeypatch.chdir(copy)

    call_command(
        "makemessages",
        locale=["es"],
        domain="django",
        ignore_patterns=NOT_SCANNED,
        no_obsolete=True,
        verbosity=0,
    )

    committed = {key(entry) for entry in polib.pofile(CATALOG)}
    in_code = polib.pofile(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    assert sorted(entry.msgid for entry in in_code if key(entry) not in committed) == []


@pytest.mark.django_db
def test_a_browser_that_asks_for_spanish_gets_the_page_in_spanish():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")

    page = response.content.decode()
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in page
    assert "<h1>Charlas públicas gratuitas</h1>" in page
    assert '<a class="skip-link" href="#main">Ir al contenido principal</a>' in page


@pytest.mark.django_db
def test_language_switcher_offers_each_language_in_its_own_words():
    talk = TalkFactory()

    response = Client().get(talk.get_absolute_url() + "?from=email")

    assert switcher(response) == (
        '<form class="language-switcher" method="post" action="/i18n/setlang/" '
        'aria-label="Language">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="…">'
        f'<input type="hidden" name="next" value="{talk.get_absolute_url()}?from=email">'
        '<ul><li><span lang="en" aria-current="true">English</span></li>'
        '<li><button type="submit" name="language" value="es" lang="es" class="link-button">'
        "Español</button></li></ul></form>"
    )


@pytest.mark.django_db
def test_switching_to_spanish_returns_to_the_same_page_in_spanish():
    talk = TalkFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.get(talk.get_absolute_url())

    switched = browser.post(
        "/i18n/setlang/",
        {
            "language": "es",
            "next": talk.get_absolute_url(),
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
    )
    page = browser.get(talk.get_absolute_url())

    assert (switched.status_code, switched["Location"]) == (302, talk.get_absolute_url())
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in page.content.decode()
    assert switcher(page).endswith(
        '<ul><li><button type="submit" name="language" value="en" lang="en" '
        'class="link-button">English</button></li>'
        '<li><span lang="es" aria-current="true">Español</span></li></ul></form>'
    )


@pytest.mark.django_db
def test_language_switcher_never_sends_a_person_off_the_site():
    switched = Client().post(
        "/i18n/setlang/", {"language": "es", "next": "https://elsewhere.example/"}
    )

    assert (switched.status_code, switched["Location"]) == (302, "/")


@pytest.mark.django_db
def test_an_email_to_someone_who_rsvped_in_spanish_is_in_spanish():
    talk = TalkFactory(title="Ketamina 101")
    user = UserFactory()

    services.rsvp_create(talk=talk, email=user.email, name="Sam", user=user, language="es")
    message = deliver_due()[0]

    lines = text_of(message).splitlines()
    assert message.subject == "Usted asistirá: Ketamina 101"
    assert lines[:3] == ["Hola, Sam:", "", "Su lugar en “Ketamina 101” está confirmado."]
    assert "El archivo de calendario adjunto lo agrega a su calendario." in lines
