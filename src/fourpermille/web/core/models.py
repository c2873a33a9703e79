"""Abstract bases shared by the domain models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class DemoFlag(models.Model):
    """Records loaded by ``load_demo`` carry ``is_demo`` so pages and the API can label them."""

    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        abstract = True
