from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors as notification_selectors

from . import selectors, services
from .access import SESSION_KEY, workspace_view
from .dashboard import dashboard_panels
from .forms import (
    InvitationForm,
    NewMemberForm,
    RoleForm,
    WorkspaceCreateForm,
    WorkspaceSettingsForm,
)
from .models import ROLE_DESCRIPTIONS, Membership, Role
from .revisions import cached_fragment


def home(request):
    """Lead to the workspace used last, the only one, or to creating a first one."""
    if not request.user.is_authenticated:
        return redirect("login")
    memberships = list(selectors.memberships_of_user(user=request.user))
    if not memberships:
        return redirect("workspaces:create")
    last = request.session.get(SESSION_KEY)
    chosen = next((m for m in memberships if m.workspace.slug == last), memberships[0])
    return redirect("workspaces:dashboard", workspace=chosen.workspace.slug)


@login_required
def workspace_create(request):
    form = WorkspaceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.workspace_create(
                name=form.cleaned_data["name"],
                creator=request.user,
                company_domains=form.cleaned_data["company_domains"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Workspace %(name)s is ready.") % {"name": workspace.name})
            return redirect("workspaces:dashboard", workspace=workspace.slug)
    return render(request, "workspaces/workspace_create.html", {"form": form})


@workspace_view()
def dashboard(request):
    workspace, membership = request.workspace, request.membership
    context = {
        "recent_notifications": list(
            notification_selectors.inbox(user=request.user, workspace=workspace).filter(
                read_at__isnull=True
            )[:5]
        ),
        # The panels sum up the whole workspace: computed once per change of it.
        "body": cached_fragment(
            request,
            name="dashboard",
            template="workspaces/_dashboard_body.html",
            context=lambda: {
                "member_count": selectors.members_of_workspace(workspace=workspace).count(),
                "panels": dashboard_panels(request),
            },
        ),
        "failed_email_count": (
            notification_selectors.failed_emails(workspace=workspace).count()
            if membership.is_admin
            else 0
        ),
    }
    return render(request, "workspaces/dashboard.html", context)


@workspace_view()
def members(request):
    workspace = request.workspace
    context = {
        "members": list(selectors.members_of_workspace(workspace=workspace)),
        "invitations": (
            list(selectors.open_invitations(workspace=workspace))
            if request.membership.is_admin
            else []
        ),
        "invite_form": InvitationForm(),
        "roles": Role.choices,
        "role_descriptions": [(Role(r).label, d) for r, d in ROLE_DESCRIPTIONS.items()],
    }
    return render(request, "workspaces/members.html", context)


@workspace_view(Role.ADMIN)
def member_invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                workspace=request.workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("workspaces:members", workspace=request.workspace.slug)
    return render(request, "workspaces/member_invite.html", {"form": form})


def _membership_or_404(request, pk: int) -> Membership:
    return selectors.get_for_workspace_or_404(
        Membership.objects.select_related("user"), workspace=request.workspace, pk=pk
    )


@workspace_view(Role.ADMIN)
@require_POST
def member_role(request, pk: int):
    membership = _membership_or_404(request, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user.display_name, "role": Role.in_sentence(membership.role)},
            )
    else:
        messages.error(request, _("Choose a role."))
    return redirect("workspaces:members", workspace=request.workspace.slug)


@workspace_view(Role.ADMIN)
def member_remove(request, pk: int):
    membership = _membership_or_404(request, pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member of this workspace.")
                % {"name": membership.user.display_name},
            )
            if membership.user_id == request.user.pk:
                return redirect("home")
        return redirect("workspaces:members", workspace=request.workspace.slug)
    return render(request, "workspaces/member_remove.html", {"member": membership})


@workspace_view(Role.ADMIN)
def invitation_revoke(request, pk: int):
    """GET asks first (changing nothing); POST withdraws the invitation."""
    invitation = selectors.get_for_workspace_or_404(
        selectors.open_invitations(workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )
    if request.method != "POST":
        return render(request, "workspaces/invitation_revoke.html", {"invitation": invitation})
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("workspaces:members", workspace=request.workspace.slug)


@workspace_view(Role.ADMIN)
def workspace_settings(request):
    workspace = request.workspace
    form = WorkspaceSettingsForm(request.POST or None, instance=workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update(
                workspace=workspace,
                name=form.cleaned_data["name"],
                time_zone=form.cleaned_data["time_zone"],
                company_domains=form.cleaned_data["company_domains"],
                date_order=form.cleaned_data["date_order"],
                allow_self_approval=form.cleaned_data["allow_self_approval"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The workspace's settings are saved."))
            return redirect("workspaces:settings", workspace=workspace.slug)
    return render(request, "workspaces/settings.html", {"form": form})


def invitation_accept(request, token: str):
    """The invitation link: join with the account of the invited address, or create it."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    try:
        services.invitation_check(invitation=invitation)
    except ValidationError as exc:
        return render(
            request,
            "workspaces/invitation_invalid.html",
            {"invitation": invitation, "reason": " ".join(exc.messages)},
            status=410,
        )

    user = request.user
    has_account = selectors.user_exists(email=invitation.email)
    form = None
    if not user.is_authenticated and not has_account:
        form = NewMemberForm(
            request.POST or None, email=invitation.email, initial={"language": get_language()}
        )
    if request.method == "POST":
        try:
            if user.is_authenticated:
                membership = services.invitation_accept(invitation=invitation, user=user)
            elif form is not None and form.is_valid():
                membership = services.invitation_accept_as_new_user(
                    invitation=invitation,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password1"],
                    language=form.cleaned_data["language"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                membership = None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if membership is not None:
                messages.success(
                    request,
                    _("Welcome to %(workspace)s.") % {"workspace": membership.workspace.name},
                )
                return redirect("workspaces:dashboard", workspace=membership.workspace.slug)
    return render(
        request,
        "workspaces/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "is_for_this_user": user.is_authenticated
            and user.email.lower() == invitation.email.lower(),
        },
    )
