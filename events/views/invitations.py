"""Inviting another coordinator, and the page the invitation's link opens.

The link's page is for whoever holds the link: anonymous visitors are asked to log in or
sign up (and come back, `?next=`); a logged-in person whose verified addresses include the
invited one gets a button that joins the Coordinators group. A forged link is a 404; an
expired, used or revoked one a 410. Opening the page changes nothing: only the POST does.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import services
from events.models import CoordinatorInvitation
from events.permissions import coordinator_required
from events.programme_forms import InvitationForm
from events.services.invitations import coordinator_invitation_open, invitation_fits
from events.views.coordinator import _add_service_errors

SHOWN = 50


@coordinator_required
def invitations(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_invite(email=form.cleaned_data["email"], by=request.user)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("coordinator_invitations")
    context = {
        "form": form,
        "invitations": CoordinatorInvitation.objects.select_related("invited_by")[:SHOWN],
        "now": timezone.now(),
    }
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/invitations.html", context, status=status)


@coordinator_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(CoordinatorInvitation, pk=pk)
    if services.coordinator_invitation_revoke(invitation=invitation):
        messages.success(request, _("The invitation is revoked: its link no longer works."))
    else:
        messages.error(request, _("This invitation was already used, revoked or expired."))
    return redirect("coordinator_invitations")


def _refused(request, refusal: services.CoordinatorInvitationInvalid):
    status = 404 if refusal.reason == "forged" else 410
    context = {"reason": refusal.reason}
    return render(request, "events/coordinator/invitation_refused.html", context, status=status)


@never_cache
def invitation(request, token):
    try:
        invitation = coordinator_invitation_open(token=token)
    except services.CoordinatorInvitationInvalid as refusal:
        return _refused(request, refusal)
    context = {
        "invitation": invitation,
        "token": token,
        "fits": request.user.is_authenticated and invitation_fits(invitation, request.user),
    }
    return render(request, "events/coordinator/invitation.html", context)


@never_cache
@require_POST
def invitation_accept(request, token):
    try:
        if not request.user.is_authenticated:
            coordinator_invitation_open(token=token)
            return redirect("coordinator_invitation", token=token)
        services.coordinator_invitation_accept(token=token, user=request.user)
    except services.CoordinatorInvitationInvalid as refusal:
        if refusal.reason == "other address":
            return redirect("coordinator_invitation", token=token)
        return _refused(request, refusal)
    messages.success(request, _("Welcome: you are now a coordinator."))
    return redirect("coordinator_dashboard")
