import pytest


@pytest.mark.django_db
def test_home_page_has_landmarks_and_a_skip_link(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert '<nav aria-label="Main">' in page
    assert '<main id="main" tabindex="-1">' in page
    assert "<h1>Free public talks</h1>" in page
