from django.urls import include, path

from . import document_views, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("recompute/", views.recompute, name="recompute"),
    path("api/progress/", views.api_progress, name="api_progress"),
    path("units/<str:code>/", views.dashboard, name="dashboard"),
    path("units/<str:code>/report/", views.report, name="report"),
    path("units/<str:code>/report.docx", document_views.report_docx, name="report_docx"),
    path("units/<str:code>/report.pdf", document_views.report_pdf, name="report_pdf"),
    path("units/<str:code>/export/", include("reports.export_urls")),
    path("clusters/", views.clusters, name="clusters"),
]
