"""Shared by the registry commands: find the acting user and the accounts; refusals exit 2 with the reason."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from fourpermille.web.community.models import Organisation
from fourpermille.web.core import roles
from fourpermille.web.registry import services


def user_named(username: str):
    """The user the command acts for (its rights are checked as the API checks them)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--as {username}: no such user")
    return user


def may_move(user, account) -> None:
    if not user.has_perm("registry.move_units", account):
        raise CommandError(
            f"{user.get_username()} may not move units from {account}: only its organisation's "
            "editors and the secretariat may"
        )


def secretariat_user(username: str):
    """The named user, who must be secretariat (issuing and cancelling are the secretariat's)."""
    user = user_named(username)
    if not roles.is_secretariat(user):
        raise CommandError(f"--as {username}: registry commands act for the secretariat; this user is not")
    return user


def organisation_account(name_or_id: str):
    query = (
        Organisation.objects.filter(pk=int(name_or_id))
        if name_or_id.isdigit()
        else (Organisation.objects.filter(name=name_or_id))
    )
    organisation = query.first()
    if organisation is None:
        raise CommandError(f"organisation {name_or_id!r} not found (give its exact name or id)")
    return services.account_for(organisation)


def refused(error: services.RegistryRefused) -> CommandError:
    return CommandError(str(error), returncode=2)
