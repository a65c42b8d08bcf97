from django.contrib import admin
from django.urls import include, path

from hoinhap.api.v1 import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("hoinhap.web.urls")),
]
