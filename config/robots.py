from django.http import HttpResponse
from django.views.decorators.http import require_safe

# Calendar feeds stay fetchable: Google's calendar fetcher obeys robots.txt, and a
# blocked feed silently stops updating. Personal pages and tools are kept out.
ROBOTS = """User-agent: *
Disallow: /coordinate/
Disallow: /rsvp/
Disallow: /me/
Disallow: /email/
Disallow: /accounts/
Disallow: /admin/
Allow: /
"""


@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
