from django.http import HttpResponse
from django.views.decorators.http import require_safe

# Calendar fetchers read every feed, a person's own at its secret URL included: Google's
# obeys robots.txt, and a blocked feed silently stops updating. General crawlers are kept
# out of personal pages, secret links and tools, feeds at secret URLs included.
CALENDAR_FETCHERS = ["Google-Calendar-Importer", "Googlebot-Calendar", "Microsoft Office"]
PRIVATE_PATHS = [
    "/coordinate/",
    "/rsvp/",
    "/data/",
    "/me/",
    "/calendar/me/",
    "/email/",
    "/accounts/",
    "/admin/",
]
ROBOTS = "\n".join(
    [
        *(f"User-agent: {agent}" for agent in CALENDAR_FETCHERS),
        "Allow: /calendar/",
        "Allow: /calendar.ics",
        "Allow: /topics/",
        "Allow: /series/",
        "Allow: /talks/",
        *(f"Disallow: {path}" for path in PRIVATE_PATHS if not path.startswith("/calendar/")),
        "",
        "User-agent: *",
        *(f"Disallow: {path}" for path in PRIVATE_PATHS),
        "Allow: /",
        "",
    ]
)


@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
