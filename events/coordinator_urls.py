from django.urls import path

from events.views import coordinator

urlpatterns = [
    path("", coordinator.dashboard, name="coordinator_dashboard"),
]
