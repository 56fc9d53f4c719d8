"""The question pages: sending one (from an email's link), the speakers' read-only list,
and the coordinators' list where they are marked answered or hidden."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.models import Talk
from events.permissions import coordinator_required
from events.ratelimits import Limit, client_address, limit_spend
from outreach.forms.feedback import QuestionForm
from outreach.models import Question
from outreach.services import questions

QUESTIONS_PER_CLIENT = Limit("question-ip", 10, 3600)


def _asked_talk(token: str) -> Talk:
    talk = questions.question_talk_from_token(token=token)
    if talk is None:
        raise Http404
    return talk


@never_cache
def question_new(request, token):
    talk = _asked_talk(token)
    form = QuestionForm(request.POST or None)
    context = {"talk": talk, "form": form, "open": questions.question_asking_open(talk=talk)}
    if request.method != "POST" or not context["open"]:
        return render(request, "outreach/question_new.html", context)
    now = timezone.now()
    if not limit_spend(QUESTIONS_PER_CLIENT, client_address(request), now):
        response = render(request, "outreach/question_too_many.html", context, status=429)
        response["Retry-After"] = str(QUESTIONS_PER_CLIENT.window_end(now))
        return response
    if form.is_valid():
        try:
            questions.question_send(talk=talk, text=form.cleaned_data["text"], today=now.date())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("question_sent", token=token)
    return render(request, "outreach/question_new.html", context, status=400)


@never_cache
def question_sent(request, token):
    return render(request, "outreach/question_sent.html", {"talk": _asked_talk(token)})


@never_cache
def speaker_questions(request, token):
    talk = questions.speaker_talk_from_token(token=token)
    if talk is None:
        raise Http404
    context = {
        "talk": talk,
        "questions": list(questions.questions_of(talk=talk, with_hidden=False)),
    }
    return render(request, "outreach/speaker_questions.html", context)


@coordinator_required
def coordinator_talk_questions(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    context = {
        "talk": talk,
        "questions": list(questions.questions_of(talk=talk, with_hidden=True)),
        "speaker_url": questions.speaker_link_url(talk=talk),
        "states": Question.State,
    }
    return render(request, "outreach/coordinator_questions.html", context)


@coordinator_required
@require_POST
def coordinator_question_mark(request, pk, question_pk):
    question = get_object_or_404(Question, pk=question_pk, talk_id=pk)
    try:
        questions.question_mark(question=question, state=request.POST.get("state", ""))
    except ValidationError:
        messages.error(request, _("That is not a state a question can have."))
    return redirect("coordinator_talk_questions", pk=pk)


@coordinator_required
@require_POST
def coordinator_speaker_link_regenerate(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    questions.speaker_link_regenerate(talk=talk)
    messages.success(request, _("A new speakers' link was made: the earlier one no longer works."))
    return redirect("coordinator_talk_questions", pk=pk)
