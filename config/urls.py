from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from config.robots import robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("email/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("outreach.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:  # production serves uploads from the web server (config/settings.py)
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
