from django.urls import path

from notifications import views

urlpatterns = [
    path("preferences/<str:token>/", views.email_preferences, name="email_preferences"),
    path("unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
]
