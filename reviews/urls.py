from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk_decide, name="bulk"),
    path("export.<str:fmt>", views.queue_export, name="export"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/exemplary/", views.mark_exemplary, name="exemplary"),
]
