"""Configurations of third-party apps whose names the admin shows."""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(BaseAxesConfig):
    """django-axes (log-in throttling) under a Vietnamese heading: it ships no Vietnamese."""

    verbose_name = _("Đăng nhập sai")
