from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hoinhap.api.v1 import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *([path("oidc/", include("mozilla_django_oidc.urls"))] if settings.OIDC_RP_CLIENT_ID else []),
    path("", include("hoinhap.web.urls")),
]
