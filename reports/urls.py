from django.urls import include, path

from . import digest_views, document_views, export_views, target_cascade_views, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("recompute/", views.recompute, name="recompute"),
    path("api/progress/", views.api_progress, name="api_progress"),
    path("units/<str:code>/", views.dashboard, name="dashboard"),
    path("units/<str:code>/report/", views.report, name="report"),
    path("units/<str:code>/report/sent/", views.record_sent_report, name="record_sent_report"),
    path("units/<str:code>/targets/", target_cascade_views.child_targets, name="targets"),
    path("units/<str:code>/targets/children.xlsx", target_cascade_views.child_targets_download,
         name="targets_template"),
    path("units/<str:code>/report.docx", document_views.report_docx, name="report_docx"),
    path("units/<str:code>/report.pdf", document_views.report_pdf, name="report_pdf"),
    path("units/<str:code>/export/", include("reports.export_urls")),
    path("units/<str:code>/workbook.xlsx", export_views.workbook, name="workbook"),
    path("clusters/", views.clusters, name="clusters"),
    path("digests/<int:pk>/", digest_views.digest_open, name="digest_open"),
]
