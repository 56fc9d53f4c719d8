from email import message_from_bytes, policy

from django.core.mail import EmailMessage

from notifications.backends import EmlFileBackend


def test_each_message_becomes_one_eml_file(tmp_path):
    messages = [EmailMessage(f"Hello {n}", "Body", to=[f"p{n}@example.org"]) for n in range(2)]

    sent = EmlFileBackend(file_path=tmp_path).send_messages(messages)

    files = sorted(tmp_path.glob("*.eml"))
    subjects = sorted(
        message_from_bytes(f.read_bytes(), policy=policy.default)["Subject"] for f in files
    )
    assert sent == 2
    assert subjects == ["Hello 0", "Hello 1"]
    assert list(tmp_path.glob("*.part")) == []
