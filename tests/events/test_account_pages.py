"""allauth's pages in the site's templates and words: "Log in" (never "sign in"), and a
form's errors under the field they belong to, linked to it, the rest at the top."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = re.compile(r"sign(ed)?[ -]in", re.IGNORECASE)  # "Sign In", "signed in", "sign-in"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Fields(HTMLParser):
    """Each field's container (`div.field`): the ids of the elements inside it, and the
    `aria-describedby` ids of each of its inputs, by input name."""

    def __init__(self, html: str):
        super().__init__()
        self.fields, self._open = [], []  # _open: (tag, the container it opens or None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        opened = None
        if tag == "div" and "field" in (attrs.get("class") or "").split():
            opened = {"ids": set(), "described_by": {}}
            self.fields.append(opened)
        inside = opened or next((f for _tag, f in reversed(self._open) if f), None)
        if inside is not None:
            if attrs.get("id"):
                inside["ids"].add(attrs["id"])
            if tag in {"input", "select", "textarea"}:
                inside["described_by"][attrs.get("name")] = (
                    attrs.get("aria-describedby") or ""
                ).split()
        if tag not in VOID:
            self._open.append((tag, opened))

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def of(self, name: str) -> dict:
        [field] = [field for field in self.fields if name in field["described_by"]]
        return field


def assert_error_under(html: str, name: str) -> None:
    """The error of field `name` is inside that field's container and the input points
    to it with aria-describedby."""
    field = Fields(html).of(name)
    error_id = f"id_{name}_error"
    assert (error_id in field["ids"], error_id in field["described_by"][name]) == (True, True)


def headings_and_title(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    return " ".join(h1.split()), " ".join(title.split())


def test_no_account_page_says_sign_in_and_each_has_our_heading(client):
    member = UserFactory()
    unconfirmed = EmailAddress.objects.create(user=member, email="second@example.org")
    reset_path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(member),
            "key": default_token_generator.make_token(member),
        },
    )
    anonymous = {
        "/accounts/login/": "Log in",
        "/accounts/signup/": "Sign up",
        "/accounts/password/reset/": "Forgotten your password?",
        "/accounts/password/reset/done/": "Check your email",
        "/accounts/password/reset/key/1-bad/": "This link no longer works",
        reset_path: "Choose a new password",
        "/accounts/password/reset/key/done/": "Your password is changed",
        "/accounts/confirm-email/": "Confirm your email address",
        "/accounts/confirm-email/not-a-key/": "Confirm your email address",
        f"/accounts/confirm-email/{EmailConfirmationHMAC(unconfirmed).key}/": (
            "Confirm your email address"
        ),
        "/accounts/inactive/": "This account is switched off",
    }
    members = {
        "/accounts/logout/": "Log out",
        "/accounts/password/change/": "Change your password",
        "/accounts/email/": "Your email addresses",
        "/accounts/reauthenticate/": "Confirm it is you",
        "/me/": "Your account",
    }

    seen = {path: client.get(path, follow=True) for path in anonymous}
    logged_in = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True
    )
    seen |= {path: client.get(path, follow=True) for path in members}
    logged_out = client.post("/accounts/logout/", follow=True)
    client.force_login(get_user_model().objects.create_user("nopassword", "np@example.org"))
    seen["/accounts/password/set/"] = client.get("/accounts/password/set/", follow=True)

    pages = {path: response.content.decode() for path, response in seen.items()}
    assert {path: headings_and_title(html)[0] for path, html in pages.items()} == {
        **anonymous,
        **members,
        "/accounts/password/set/": "Choose a password",
    }
    assert [
        path for path, html in pages.items() if len(set(headings_and_title(html)[1:])) != 1
    ] == []
    everything = [*pages.values(), logged_in.content.decode(), logged_out.content.decode()]
    assert [html for html in everything if SIGN_IN.search(html)] == []
    assert f"You are logged in as {member.email}." in everything[-2]
    assert "You are logged out." in everything[-1]


def test_the_log_in_page_has_the_title_it_shows(client):
    html = client.get("/accounts/login/").content.decode()

    assert headings_and_title(html) == ("Log in", "Log in · Community Talks")


def test_log_in_with_no_valid_address_shows_the_error_under_the_email_field(client):
    response = client.post("/accounts/login/", {"login": "not-an-address", "password": "x"})

    html = response.content.decode()
    assert response.status_code == 200
    assert_error_under(html, "login")
    assert "Enter a valid email address." in html


def test_log_in_with_a_wrong_password_says_so_at_the_top_of_the_form(client):
    member = UserFactory()

    response = client.post("/accounts/login/", {"login": member.email, "password": "wrong"})

    html = response.content.decode()
    top = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert "That email address and password do not match an account." in top.group(1)
    assert html.index('class="form-errors"') < html.index('class="field')
    assert "_auth_user_id" not in client.session


def test_sign_up_with_passwords_that_differ_shows_the_error_under_the_second(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert_error_under(response.content.decode(), "password2")
    assert get_user_model().objects.filter(email="new@example.org").exists() is False


def test_sign_up_with_a_short_password_shows_the_error_under_it_with_the_rules(client):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": "abc", "password2": "abc"}
    )

    html = response.content.decode()
    assert_error_under(html, "password1")
    assert "id_password1_helptext" in Fields(html).of("password1")["described_by"]["password1"]
    assert "Your password must contain at least 8 characters." in html


def test_a_member_adds_an_address_then_removes_it_from_the_email_page(client):
    member = UserFactory()
    client.force_login(member)

    added = client.post(
        "/accounts/email/", {"action_add": "", "email": "Second@Example.org"}, follow=True
    )
    unconfirmed = list(
        EmailAddress.objects.filter(user=member).order_by("pk").values_list("email", "verified")
    )
    removed = client.post(
        "/accounts/email/", {"action_remove": "", "email": "second@example.org"}, follow=True
    )

    assert unconfirmed == [(member.email, True), ("second@example.org", False)]
    assert "We have emailed a link to second@example.org" in added.content.decode()
    assert "second@example.org is removed from your account." in removed.content.decode()
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        member.email
    ]


def test_adding_an_address_that_is_not_one_shows_the_error_under_the_field(client):
    member = UserFactory()
    client.force_login(member)

    response = client.post("/accounts/email/", {"action_add": "", "email": "nope"})

    assert_error_under(response.content.decode(), "email")
    assert EmailAddress.objects.filter(user=member).count() == 1


def test_a_new_password_chosen_from_the_reset_link_works(client):
    member = UserFactory()
    key = default_token_generator.make_token(member)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(member), "key": key},
    )
    form_page = client.get(path, follow=True)
    new_password = "a-new-and-long-passphrase"

    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        follow=True,
    )

    member.refresh_from_db()
    assert headings_and_title(done.content.decode())[0] == "Your password is changed"
    assert member.check_password(new_password) is True
