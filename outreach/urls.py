from django.urls import path

from outreach.views import resources

urlpatterns = [
    path("coordinate/resources/", resources.resource_list, name="coordinator_resource_list"),
    path(
        "coordinate/resources/new/", resources.resource_create, name="coordinator_resource_create"
    ),
    path(
        "coordinate/resources/<int:pk>/",
        resources.resource_edit,
        name="coordinator_resource_edit",
    ),
    path(
        "coordinate/resources/<int:pk>/delete/",
        resources.resource_delete,
        name="coordinator_resource_delete",
    ),
]
