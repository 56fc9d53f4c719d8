"""A member's account page: their name, password, addresses, data and talks in one place.

The name is saved here; the rest is done on the pages this one links to (allauth's for
the password and addresses, `my_data` for export and deletion, `my_talks` for RSVPs).
"""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events import services
from events.forms import MemberNameForm
from events.selectors import rsvps_upcoming_of_person

# Upcoming RSVPs the page lists; the rest are on "My talks".
UPCOMING_SHOWN = 3


@never_cache
@login_required
def account_overview(request):
    member = request.user
    form = MemberNameForm(
        request.POST if request.method == "POST" else None, initial={"name": member.first_name}
    )
    if form.is_valid():
        services.member_rename(member=member, name=form.cleaned_data["name"])
        messages.success(request, _("Your name is saved."))
        return redirect("account_overview")
    now = timezone.now()
    upcoming = rsvps_upcoming_of_person(member.email, now)
    context = {
        "name_form": form,
        "addresses": EmailAddress.objects.filter(user=member).order_by("-primary", "email"),
        "upcoming": upcoming[:UPCOMING_SHOWN],
        "upcoming_count": upcoming.count(),
        "now": now,
    }
    return render(
        request, "events/account_overview.html", context, status=400 if form.errors else 200
    )
