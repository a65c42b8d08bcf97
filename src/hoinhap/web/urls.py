from django.urls import path

from hoinhap.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("doi-tac/", views.partners, name="partners"),
    path("chi-tieu/", views.indicators, name="indicators"),
    path("tong-quan/", views.overview_page, name="overview"),
    path("co-che/ho-tro-luong/", views.calculator, name="calculator"),
    path("vb/<slug:slug>/", views.document, name="document"),
    path("vb/<slug:slug>/<str:eid>/", views.provision, name="provision"),
    path("vb/<slug:slug>/tai-ve/<str:fmt>", views.download, name="download"),
]
