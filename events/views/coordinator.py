from django.shortcuts import render

from events.permissions import coordinator_required


@coordinator_required
def dashboard(request):
    return render(request, "events/coordinator/dashboard.html", {})
