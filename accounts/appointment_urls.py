"""The appointment pages, under /unions/ (registered from the root URLs): appointing creates accounts."""

from django.urls import path

from . import appointment_views

app_name = "appointing"

urlpatterns = [
    path("appointments/import/", appointment_views.officers_import_view, name="officers_import"),
    path("appointments/<int:pk>/revoke/", appointment_views.appointment_revoke_view, name="appointment_revoke"),
    path("<str:code>/appointments/", appointment_views.unit_appointments, name="appointments"),
    path("<str:code>/appointments/history/", appointment_views.appointment_history, name="appointment_history"),
]
