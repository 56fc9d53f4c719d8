"""The feedback pages: the form a thank-you email's one-use link opens, the thank-you
page after it, and the coordinators' editor of the attitude items.

Nothing here logs or stores the client's address, and the form's link is spent by the
service in the same transaction as the response is stored."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.permissions import coordinator_required
from outreach.forms.feedback import FeedbackForm, FeedbackItemForm
from outreach.models import FeedbackItem
from outreach.services import feedback


def _link_used(request):
    return render(request, "outreach/feedback_link_used.html", status=404)


@never_cache
def feedback_form(request, token):
    talk = feedback.feedback_talk_from_token(token=token)
    if talk is None:
        return _link_used(request)
    form = FeedbackForm(request.POST or None, items=feedback.feedback_items_for(talk=talk))
    if request.method == "POST" and form.is_valid():
        response = feedback.feedback_submit(
            token=token,
            clarity=form.cleaned_data["clarity"],
            usefulness=form.cleaned_data["usefulness"],
            answers=form.answers(),
            today=timezone.localdate(),
        )
        return redirect("feedback_thanks") if response else _link_used(request)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "outreach/feedback_form.html", {"talk": talk, "form": form}, status=status
    )


def feedback_thanks(request):
    return render(request, "outreach/feedback_thanks.html")


@coordinator_required
def coordinator_feedback_items(request):
    form = FeedbackItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.feedback_item_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("coordinator_feedback_items")
    context = {"items": list(feedback.feedback_items_by_scope()), "form": form}
    return render(request, "outreach/coordinator_feedback_items.html", context)


@coordinator_required
def coordinator_feedback_item_edit(request, pk):
    item = get_object_or_404(FeedbackItem, pk=pk, retired_on=None)
    initial = {"wording": item.wording, "position": item.position, "series": item.series}
    form = FeedbackItemForm(request.POST or None, initial=initial)
    form.fields["series"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            feedback.feedback_item_edit(
                item=item,
                wording=form.cleaned_data["wording"],
                position=form.cleaned_data["position"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("coordinator_feedback_items")
    context = {"item": item, "form": form, "has_answers": item.answers.exists()}
    return render(request, "outreach/coordinator_feedback_item_edit.html", context)


@coordinator_required
@require_POST
def coordinator_feedback_item_retire(request, pk):
    item = get_object_or_404(FeedbackItem, pk=pk)
    feedback.feedback_item_retire(item=item, today=timezone.localdate())
    return redirect("coordinator_feedback_items")
