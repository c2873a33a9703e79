"""Joining the initiative and managing accounts: the only code that creates organisations from
applications, opens accounts from invitations, and switches accounts on and off.

Joining, as the initiative does it::

    apply (public form, documents) --confirm e-mail--> pending --secretariat approves--> approved
                                                          |         (organisation created, contact invited)
                                                          +--secretariat rejects (reason)--> rejected

An invitation is a one-time link with an expiry (``settings.INVITATION_VALID_DAYS``); accepting it opens an
editor account for the invitation's organisation. Permissions are the ``rules`` of ``community/rules.py``,
asked with ``user.has_perm``; a refused action raises ``NotAllowed``, an impossible one ``WorkflowError``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from fourpermille.web.community import mail
from fourpermille.web.community.models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Organisation,
    OrganisationStatus,
    Person,
)
from fourpermille.web.community.signals import join_request_decided, join_request_submitted
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError

CONFIRM_SALT = "fourpermille.community.join-confirm"
#: Roles the secretariat gives when it opens an account (Django groups, core.roles).
ACCOUNT_ROLES = (roles.EDITOR, roles.REVIEWER, roles.SECRETARIAT)


# --- applying ----------------------------------------------------------------------------------------


def confirmation_token(join_request: JoinRequest) -> str:
    return signing.dumps(join_request.pk, salt=CONFIRM_SALT)


def submit_join_request(join_request: JoinRequest, request=None) -> JoinRequest:
    """Store a new application (unconfirmed) and e-mail its contact the confirmation link."""
    join_request.status = JoinRequestStatus.UNCONFIRMED
    join_request.save()
    link = mail.localised_url(
        "community:join-confirm", join_request.language, request, args=[confirmation_token(join_request)]
    )
    mail.send(
        join_request.contact_email,
        "community/email/join_confirm",
        {
            "join_request": join_request,
            "link": link,
            "days": settings.JOIN_CONFIRM_VALID_DAYS,
        },
        join_request.language,
    )
    return join_request


@transaction.atomic
def confirm_join_request(token: str) -> JoinRequest:
    """The contact followed the link: the request goes to the secretariat. WorkflowError if the link is
    bad or expired; confirming twice changes nothing."""
    try:
        pk = signing.loads(
            token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=settings.JOIN_CONFIRM_VALID_DAYS)
        )
    except signing.BadSignature:
        raise WorkflowError(_("This confirmation link is not valid or has expired.")) from None
    join_request = JoinRequest.objects.select_for_update().filter(pk=pk).first()
    if join_request is None:
        raise WorkflowError(_("This confirmation link is not valid or has expired."))
    if join_request.status == JoinRequestStatus.UNCONFIRMED:
        join_request.status = JoinRequestStatus.PENDING
        join_request.email_confirmed_at = timezone.now()
        join_request._change_reason = "e-mail confirmed"
        join_request.save()
        transaction.on_commit(
            lambda: join_request_submitted.send(sender=JoinRequest, join_request=join_request), robust=True
        )
    return join_request


# --- deciding ----------------------------------------------------------------------------------------


def _decidable(join_request: JoinRequest, by) -> JoinRequest:
    if not by.has_perm("community.decide_joinrequest", join_request):
        raise NotAllowed(_("Only the secretariat decides on join requests."))
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        raise WorkflowError(
            _("This request is “%(status)s”: only a request waiting for the secretariat is decided.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decided(join_request: JoinRequest, by) -> None:
    transaction.on_commit(
        lambda: join_request_decided.send(sender=JoinRequest, join_request=join_request, by=by), robust=True
    )


@transaction.atomic
def approve_join_request(join_request: JoinRequest, by, request=None) -> Organisation:
    """Create the organisation (active, with the membership and declaration applied for) and invite the
    contact to open its first account."""
    join_request = _decidable(join_request, by)
    if Organisation.objects.filter(name__iexact=join_request.name).exists():
        raise WorkflowError(
            _("An organisation named “%(name)s” exists already: reject this request or rename it first.")
            % {"name": join_request.name}
        )
    organisation = Organisation.objects.create(
        name=join_request.name,
        acronym=join_request.acronym,
        type=join_request.type,
        country=join_request.country,
        region=join_request.region,
        body=join_request.body,
        declaration_signed=join_request.declaration_signed,
        status=OrganisationStatus.ACTIVE,
        website=join_request.website,
        description=join_request.description,
    )
    join_request.status = JoinRequestStatus.APPROVED
    join_request.organisation = organisation
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request._change_reason = "approved"
    join_request.save()
    invite(
        organisation,
        join_request.contact_email,
        by,
        request=request,
        language=join_request.language,
        join_request=join_request,
    )
    _decided(join_request, by)
    return organisation


@transaction.atomic
def reject_join_request(join_request: JoinRequest, by, reason: str) -> JoinRequest:
    """Reject, giving the reason; the contact receives it by e-mail."""
    if not reason.strip():
        raise WorkflowError(_("Give the reason for the rejection."))
    join_request = _decidable(join_request, by)
    join_request.status = JoinRequestStatus.REJECTED
    join_request.reason = reason.strip()
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request._change_reason = "rejected"
    join_request.save()
    mail.send(
        join_request.contact_email,
        "community/email/join_rejected",
        {"join_request": join_request},
        join_request.language,
    )
    _decided(join_request, by)
    return join_request


# --- invitations -------------------------------------------------------------------------------------


@transaction.atomic
def invite(
    organisation: Organisation, email: str, by, request=None, language: str = "", join_request=None
) -> Invitation:
    """Invite ``email`` to open an editor account for ``organisation``; e-mail the one-time link.
    Earlier open invitations of the same address to the same organisation stop working."""
    if not by.has_perm("community.invite_member", organisation):
        raise NotAllowed(_("Only the secretariat and the organisation's editors invite colleagues."))
    email = email.strip()
    if get_user_model().objects.filter(email__iexact=email, is_active=True).exists():
        raise WorkflowError(_("An account with this e-mail address exists already."))
    language = language or settings.LANGUAGE_CODE
    Invitation.objects.open().filter(organisation=organisation, email__iexact=email).update(revoked=True)
    token, digest = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        invited_by=by,
        join_request=join_request,
        token_sha256=digest,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
        language=language,
    )
    mail.send(
        email,
        "community/email/invitation",
        {
            "invitation": invitation,
            "organisation": organisation,
            "inviter": by.get_full_name() or by.get_username(),
            "join_request": join_request,
            "link": mail.localised_url("community:invitation-accept", language, request, args=[token]),
            "days": settings.INVITATION_VALID_DAYS,
        },
        language,
    )
    return invitation


def open_invitation(token: str) -> Invitation:
    """The invitation of a link, if it still works; WorkflowError saying why not otherwise."""
    invitation = Invitation.find(token)
    if invitation is None or invitation.revoked:
        raise WorkflowError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise WorkflowError(_("This invitation has been used already: log in, or reset your password."))
    if invitation.expires_at <= timezone.now():
        raise WorkflowError(_("This invitation has expired: ask for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, form) -> object:
    """Open the account (``form``: a valid ``AcceptInvitationForm``) as an editor of the invitation's
    organisation; the link stops working. The address is confirmed: the link was sent to it."""
    invitation = open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # a second tab submitted meanwhile
        raise WorkflowError(_("This invitation has been used already: log in, or reset your password."))
    user = form.save(commit=False)
    user.email = invitation.email
    user.save()
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    Person.objects.create(user=user, organisation=invitation.organisation, language=invitation.language)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save()
    return user


# --- accounts (the secretariat) ------------------------------------------------------------------------


def _check_manager(by) -> None:
    if not by.has_perm("community.manage_accounts"):
        raise NotAllowed(_("Only the secretariat manages accounts."))


@transaction.atomic
def create_account(
    by,
    *,
    username,
    email,
    first_name="",
    last_name="",
    organisation=None,
    role_names=(),
    language="",
    request=None,
):
    """Open an account (no password yet) and e-mail its owner a link to choose one (Django's password
    reset token: it works once, and expires after ``PASSWORD_RESET_TIMEOUT``)."""
    _check_manager(by)
    unknown = set(role_names) - set(ACCOUNT_ROLES)
    if unknown:
        raise WorkflowError(
            _("Unknown roles %(roles)s; allowed: %(allowed)s")
            % {"roles": ", ".join(sorted(unknown)), "allowed": ", ".join(ACCOUNT_ROLES)}
        )
    if roles.EDITOR in role_names and organisation is None:
        raise WorkflowError(_("An organisation editor needs an organisation."))
    user = get_user_model().objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )  # no password: an unusable one until the owner sets theirs
    for name in role_names:
        user.groups.add(Group.objects.get(name=name))
    Person.objects.create(user=user, organisation=organisation, language=language)
    language = language or settings.LANGUAGE_CODE
    link = mail.localised_url(
        "password_reset_confirm",
        language,
        request,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    mail.send(
        email,
        "community/email/account_created",
        {"user": user, "link": link, "by": by.get_full_name() or by.get_username()},
        language,
    )
    return user


@transaction.atomic
def set_active(user, active: bool, by):
    """Switch an account on or off (it keeps its records and history). Not one's own account, and not a
    superuser's (only another superuser may, in the admin)."""
    _check_manager(by)
    if user.pk == by.pk:
        raise WorkflowError(_("You cannot deactivate your own account."))
    if user.is_superuser:
        raise WorkflowError(_("A superuser's account is managed in the admin."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
