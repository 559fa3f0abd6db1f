from django.urls import path

from . import member_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path("profile/unit/", views.change_unit, name="change_unit"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/setup/", views.password_setup, name="password_setup"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/code/", views.reset_with_code, name="reset_with_code"),
    path("privacy/", views.privacy, name="privacy"),
    path("close/", views.close_account, name="close"),
    path("members/", member_views.members, name="members"),
    path("members/<int:pk>/", member_views.member_detail, name="member"),
    path("members/<int:pk>/deactivate/", member_views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", member_views.member_reactivate, name="member_reactivate"),
    path("members/<int:pk>/reset-code/", member_views.member_reset_code, name="member_reset_code"),
]
