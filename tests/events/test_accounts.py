import re
from email import message_from_bytes, policy

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from events.permissions import is_coordinator
from tests.conftest import wait_for
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory


def test_sign_up_sends_verification_email_through_the_worker_as_eml(
    celery_worker, client, settings, tmp_path
):
    settings.EMAIL_DELIVERY = {
        "backend": "notifications.backends.EmlFileBackend",
        "file_path": tmp_path,
    }

    response = client.post(
        "/accounts/signup/",
        {"email": "new.member@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    eml = wait_for(lambda: list(tmp_path.glob("*.eml")), what="the verification .eml")[0]
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "new.member@example.org"
    assert message["Subject"] == "[Community Talks] Confirm your email address"
    body = message.get_body(preferencelist=("plain",)).get_content()
    confirm_path = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", body).group(1)

    client.post(confirm_path)

    assert EmailAddress.objects.get(email="new.member@example.org").verified is True


@pytest.mark.django_db
def test_unverified_member_cannot_log_in(client):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verified_member_logs_in_with_email_and_no_username_is_shown(client):
    user = get_user_model().objects.get(pk=UserFactory(username="hidden-handle-7").pk)

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    page = client.get("/").content.decode()

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "hidden-handle-7" not in page


@pytest.mark.django_db
def test_login_page_asks_for_email_not_username(client):
    page = client.get("/accounts/login/").content.decode()

    assert 'type="email"' in page
    assert "username" not in page.lower()


@pytest.mark.django_db
def test_password_reset_queues_one_email_to_the_member(client):
    from notifications.models import OutgoingEmail

    user = UserFactory()

    client.post("/accounts/password/reset/", {"email": user.email})

    assert list(OutgoingEmail.objects.values_list("recipient", "subject")) == [
        (user.email, "[Community Talks] Reset your password")
    ]


@pytest.mark.django_db
def test_coordinators_group_exists_and_grants_coordinator_tools():
    coordinator, member = CoordinatorFactory(), UserFactory()

    assert Group.objects.filter(name="Coordinators").exists()
    assert (is_coordinator(coordinator), is_coordinator(member)) == (True, False)
