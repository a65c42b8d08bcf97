from django.contrib.auth import views as auth_views
from django.urls import path

from hoinhap.web import account_views, audit_views, letter_views, views
from hoinhap.web import drafting_views as drafting
from hoinhap.web import implementation_views as implementation

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
    path("nhat-ky/", audit_views.audit_log, name="audit"),
    path("tai-khoan/", account_views.account, name="account"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nhiem-vu/", implementation.dashboard, name="tasks"),
    path("nhiem-vu/<int:pk>/", implementation.task_page, name="task"),
    path("nhiem-vu/chuong-trinh/", implementation.programmes, name="programmes"),
    path("nhiem-vu/chuong-trinh/<slug:slug>/", implementation.programme_page, name="programme"),
    path("nhiem-vu/vuong-mac/", implementation.bottlenecks, name="bottlenecks"),
    path("nhiem-vu/bao-cao/", implementation.periodic_report, name="task_report"),
    path("nhiem-vu/xuat/", implementation.export_tasks, name="task_export"),
    path("nhiem-vu/bao-cao-tien-do/<int:pk>/minh-chung/", implementation.evidence_download, name="task_evidence"),
    path("du-thao/", drafting.drafts, name="drafts"),
    path("du-thao/y-kien-cua-toi/", drafting.my_comments, name="my_comments"),
    path("du-thao/<slug:slug>/", drafting.draft_page, name="draft"),
    path("du-thao/<slug:slug>/so-sanh/", drafting.redline_page, name="draft_redline"),
    path("du-thao/<slug:slug>/doi-chieu/", drafting.synoptic_page, name="draft_synoptic"),
    path("du-thao/<slug:slug>/bao-cao/dot-<int:number>.<str:fmt>", drafting.report_download, name="draft_report"),
    path("du-thao/<slug:slug>/dot-<int:number>/cong-van/", letter_views.letter_comments, name="draft_letter_comments"),
    path("du-thao/<slug:slug>/y-kien/<int:pk>/cong-van.pdf", drafting.letter_download, name="draft_letter"),
    path("du-thao/<slug:slug>/v<int:number>/", drafting.version_page, name="draft_version"),
    path("du-thao/<slug:slug>/v<int:number>/<str:eid>/", drafting.provision_page, name="draft_provision"),
    path("du-thao/<slug:slug>/v<int:number>/<str:eid>/sua/", drafting.edit_page, name="draft_edit"),
]
