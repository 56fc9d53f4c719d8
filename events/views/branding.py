"""The site's branding: the coordinator's page that sets it, the small stylesheet that
carries its accent colour (no inline style: the CSP forbids them), and the favicon's
old address."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import services
from events.branding_forms import BrandingForm
from events.permissions import coordinator_required
from notifications.branding import branding_current, branding_row

# The stylesheet's address names its version: a browser may keep each one for a year.
KEPT_FOR_A_YEAR = "public, max-age=31536000, immutable"
KEPT_BRIEFLY = "public, max-age=300"


@coordinator_required
def branding_settings(request):
    form = BrandingForm(request.POST or None, request.FILES or None, instance=branding_row())
    if request.method == "POST" and form.is_valid():
        services.branding_change(**form.cleaned_data)
        messages.success(request, _("The branding is saved. Every page shows it now."))
        return redirect("coordinator_branding")
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/branding.html", {"form": form}, status=status)


@require_safe
def branding_stylesheet(request):
    """`--accent` as the coordinator set it (nothing when they left the default). Kept
    for a year when asked for by the current version (`?v=`), briefly otherwise."""
    branding = branding_current()
    css = f":root{{--accent:{branding.accent}}}\n" if branding.accent else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    current = request.GET.get("v") == branding.stylesheet_version
    response["Cache-Control"] = KEPT_FOR_A_YEAR if current else KEPT_BRIEFLY
    return response


@require_safe
def favicon_ico(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them the SVG."""
    response = redirect(static("favicon.svg"), permanent=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response
