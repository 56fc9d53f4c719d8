"""A coordinator invites another by email: a signed link that works once, for seven
days, for the invited address only, until revoked."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import CoordinatorInvitation
from events.permissions import is_coordinator
from events.services.invitations import INVITATIONS_PER_DAY
from tests.conftest import deliver_due, text_of
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITED = "new.coordinator@example.org"


def invite(by=None, email=INVITED, now=None) -> str:
    """The path of the link the invitee is sent."""
    services.coordinator_invite(email=email, by=by or CoordinatorFactory(), now=now)
    (message,) = deliver_due(now)
    (link,) = [word for word in text_of(message).split() if "/coordinate/join/" in word]
    return link.removeprefix(settings.SITE_URL)


def test_the_invitation_email_has_its_subject_and_a_link_to_join():
    services.coordinator_invite(email="New.Coordinator@Example.org ", by=CoordinatorFactory())

    (message,) = deliver_due()

    assert (message.to, message.subject) == ([INVITED], "An invitation to coordinate talks")
    assert f"{settings.SITE_URL}/coordinate/join/" in text_of(message)
    assert CoordinatorInvitation.objects.values_list("email", flat=True).get() == INVITED


def test_only_the_tokens_hash_is_stored():
    path = invite()
    token = path.split("/")[3]

    stored = CoordinatorInvitation.objects.values_list("token_hash", flat=True).get()

    assert (token in stored, len(stored)) == (False, 64)


def test_the_invited_member_joins_the_coordinators_with_the_button(client):
    path = invite()
    user = UserFactory(email=INVITED)
    client.force_login(user)

    page = client.get(path)
    response = client.post(path + "accept/")

    assert "Join the coordinators" in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, "/coordinate/")
    assert is_coordinator(user)
    assert CoordinatorInvitation.objects.values_list("used_by", flat=True).get() == user.pk


def test_opening_the_link_changes_nothing(client):
    path = invite()
    user = UserFactory(email=INVITED)
    client.force_login(user)

    client.get(path)

    assert (is_coordinator(user), CoordinatorInvitation.objects.get().used_at) == (False, None)


def test_a_used_link_is_gone_and_a_second_account_does_not_join(client):
    path = invite()
    first = UserFactory(email=INVITED)
    client.force_login(first)
    client.post(path + "accept/")
    second = UserFactory()
    client.force_login(second)

    page, accepted = client.get(path), client.post(path + "accept/")

    assert (page.status_code, accepted.status_code) == (410, 410)
    assert "The invitation has already been used." in page.content.decode()
    assert is_coordinator(second) is False


def test_an_account_with_another_address_is_told_and_does_not_join(client):
    path = invite()
    other = UserFactory(email="someone.else@example.org")
    client.force_login(other)

    page = client.get(path)
    response = client.post(path + "accept/")

    assert "This invitation is for another email address." in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, path)
    assert is_coordinator(other) is False
    assert CoordinatorInvitation.objects.get().used_at is None


def test_an_unverified_invited_address_does_not_join(client):
    path = invite()
    user = UserFactory(email=INVITED)
    user.emailaddress_set.update(verified=False)
    client.force_login(user)

    client.post(path + "accept/")

    assert is_coordinator(user) is False


def test_an_anonymous_visitor_is_asked_to_log_in_or_sign_up_and_come_back(client):
    path = invite()

    page = client.get(path).content.decode()

    assert f'href="/accounts/login/?next={quote(path)}"' in page
    assert f'href="/accounts/signup/?next={quote(path)}"' in page


def test_an_anonymous_post_joins_nobody_and_sends_back_to_the_page(client):
    path = invite()

    response = client.post(path + "accept/")

    assert (response.status_code, response["Location"]) == (302, path)
    assert CoordinatorInvitation.objects.get().used_at is None


def _revoke(sent):
    services.coordinator_invitation_revoke(invitation=CoordinatorInvitation.objects.get())
    return sent


@pytest.mark.parametrize(
    ("spend", "said"),
    [
        (lambda sent: sent + timedelta(days=7, minutes=1), "The invitation has expired."),
        (_revoke, "The invitation was withdrawn."),
    ],
    ids=["past seven days", "revoked"],
)
def test_an_expired_or_revoked_link_is_gone(client, spend, said):
    sent = timezone.now()
    path = invite(now=sent)
    user = UserFactory(email=INVITED)
    client.force_login(user)

    with time_machine.travel(spend(sent)):
        page, accepted = client.get(path), client.post(path + "accept/")

    assert (page.status_code, accepted.status_code) == (410, 410)
    assert said in page.content.decode()
    assert is_coordinator(user) is False


@pytest.mark.parametrize(
    "token",
    [
        "eyJuIjoiZm9yZ2VkIn0:1uAbCd:forged-signature-abcdefghijklmnopqrstu",
        "not-a-token",
        "%00",
    ],
)
def test_a_forged_link_is_not_found_and_changes_nothing(client, token):
    invite()
    user = UserFactory(email=INVITED)
    client.force_login(user)

    page = client.get(f"/coordinate/join/{token}/")
    accepted = client.post(f"/coordinate/join/{token}/accept/")

    assert (page.status_code, accepted.status_code) == (404, 404)
    assert (is_coordinator(user), CoordinatorInvitation.objects.get().used_at) == (False, None)


def test_a_signed_token_that_was_never_sent_is_not_found(client):
    from events import tokens

    response = client.get(f"/coordinate/join/{tokens.invitation_token()}/")

    assert response.status_code == 404


def test_a_coordinator_sends_invitations_from_the_page_and_sees_them(coordinator_client):
    response = coordinator_client.post("/coordinate/invitations/", {"email": INVITED})
    page = coordinator_client.get("/coordinate/invitations/").content.decode()

    assert (response.status_code, response["Location"]) == (302, "/coordinate/invitations/")
    assert (INVITED in page, "Waiting" in page) == (True, True)
    assert [message.to for message in deliver_due()] == [[INVITED]]


def test_a_coordinator_revokes_an_invitation_from_the_page(coordinator_client, coordinator):
    services.coordinator_invite(email=INVITED, by=coordinator)
    invitation = CoordinatorInvitation.objects.get()

    coordinator_client.post(f"/coordinate/invitations/{invitation.pk}/revoke/")

    assert CoordinatorInvitation.objects.get().revoked_at is not None


def test_invitations_past_the_days_limit_are_refused_and_not_sent(coordinator):
    now = timezone.now()
    for number in range(INVITATIONS_PER_DAY):
        services.coordinator_invite(email=f"p{number}@example.org", by=coordinator, now=now)

    with pytest.raises(ValidationError):
        services.coordinator_invite(email=INVITED, by=coordinator, now=now)
    tomorrow = services.coordinator_invite(
        email=INVITED, by=coordinator, now=now + timedelta(days=1, seconds=1)
    )

    assert CoordinatorInvitation.objects.filter(email=INVITED).get() == tomorrow


def test_the_limit_is_a_clear_error_on_the_page(coordinator_client, coordinator):
    now = timezone.now()
    for number in range(INVITATIONS_PER_DAY):
        services.coordinator_invite(email=f"p{number}@example.org", by=coordinator, now=now)

    response = coordinator_client.post("/coordinate/invitations/", {"email": INVITED})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You have sent 20 invitations today, the most a day. Try again tomorrow."
    ]


def test_inviting_a_coordinator_is_refused(coordinator_client):
    CoordinatorFactory(email=INVITED)

    response = coordinator_client.post("/coordinate/invitations/", {"email": INVITED})

    assert response.context["form"].errors == {"email": ["This person is already a coordinator."]}
    assert CoordinatorInvitation.objects.count() == 0


def test_logging_in_from_the_invitation_comes_back_to_it(client):
    path = invite()
    UserFactory(email=INVITED)

    response = client.post(
        f"/accounts/login/?next={quote(path)}", {"login": INVITED, "password": PASSWORD}
    )

    assert (response.status_code, response["Location"]) == (302, path)


def test_signing_up_from_the_invitation_comes_back_to_it_after_verifying(client):
    path = invite()
    client.post(
        f"/accounts/signup/?next={quote(path)}",
        {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD, "next": path},
    )
    (verification,) = deliver_due()
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", text_of(verification))

    response = client.post(confirm.group(1))

    assert (response.status_code, response["Location"]) == (302, path)
    assert "Join the coordinators" in client.get(path).content.decode()


def test_a_link_whose_invitation_was_cut_short_is_gone(client):
    path = invite()
    CoordinatorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get(path).status_code == 410


def test_a_link_signed_over_seven_days_ago_is_gone_whatever_the_row_says(client):
    sent = timezone.now()
    path = invite(now=sent)
    CoordinatorInvitation.objects.update(expires_at=sent + timedelta(days=30))

    with time_machine.travel(sent + timedelta(days=7, minutes=1)):
        assert client.get(path).status_code == 410
