from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hoinhap.api.v1 import api
from hoinhap.web import extraction_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *([path("oidc/", include("mozilla_django_oidc.urls"))] if settings.OIDC_RP_CLIENT_ID else []),
    path("viec/", include("hoinhap.web.job_urls")),  # reports prepared by the worker
    path("nhiem-vu/trich-xuat/", extraction_views.preview, name="programme_extract"),  # issue 15: the preview
    path("", include("hoinhap.web.urls")),
]
