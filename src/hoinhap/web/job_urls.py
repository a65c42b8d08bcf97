from django.urls import path

from hoinhap.web import job_views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", job_views.job_page, name="job_page"),
    path("<uuid:pk>/tai-ve/", job_views.job_download, name="job_download"),
]
