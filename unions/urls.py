from django.urls import path

from . import appointment_views, views

app_name = "unions"

urlpatterns = [
    path("", views.my_units, name="mine"),
    path("search/", views.unit_search, name="search"),
    path("appointments/import/", appointment_views.officers_import_view, name="officers_import"),
    path("appointments/<int:pk>/revoke/", appointment_views.appointment_revoke_view, name="appointment_revoke"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/poster/", views.unit_poster, name="poster"),
    path("<str:code>/appointments/", appointment_views.unit_appointments, name="appointments"),
    path("<str:code>/appointments/history/", appointment_views.appointment_history, name="appointment_history"),
]
