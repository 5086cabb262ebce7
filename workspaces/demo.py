"""The demo workspace: a Dutch installation company getting its social media in order.

The people and the workspace are made here; each app fills in its own part through a function
listed in settings.DEMO_POPULATORS, called as populate(workspace=..., people=...) with people
keyed by email address. Everything is get-or-create, so it is safe to run again and again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from notifications.services import notify

from . import revisions, services
from .models import Membership, NotificationKind, Role, Workspace

DEMO_SLUG = "van-dijk-installatietechniek"
DEMO_EMAIL = "demo@vandijk-installatie.nl"
DEMO_PASSWORD = "demo-planner"

PEOPLE = [
    # email, name, role
    (DEMO_EMAIL, "Sanne de Vries", Role.ADMIN),
    ("eva.jansen@vandijk-installatie.nl", "Eva Jansen", Role.EDITOR),
    ("ruud.bakker@vandijk-installatie.nl", "Ruud Bakker", Role.REVIEWER),
    ("tim.visser@vandijk-installatie.nl", "Tim Visser", Role.EDITOR),
]


@dataclass
class DemoLogin:
    workspace: Workspace
    email: str
    password: str


@transaction.atomic
def demo_workspace_create(*, password: str = DEMO_PASSWORD) -> DemoLogin:
    """Create (or complete) the demo workspace and its people; return the demo login."""
    User = get_user_model()
    users = {}
    for email, name, _role in PEOPLE:
        # The demo login starts in English (the switcher is one click); the team speaks Dutch.
        language = "en" if email == DEMO_EMAIL else "nl"
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "language": language}
        )
        if created or email == DEMO_EMAIL:
            user.set_password(password)
            user.save(update_fields=["password"])
        users[email] = user

    workspace = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(
            name="Van Dijk Installatietechniek",
            creator=users[DEMO_EMAIL],
            company_domains=["vandijk-installatie.nl"],
        )
        workspace.slug = DEMO_SLUG
        workspace.save(update_fields=["slug"])
    for email, _name, role in PEOPLE:
        Membership.objects.get_or_create(
            workspace=workspace, user=users[email], defaults={"role": role}
        )

    notify(
        workspace=workspace,
        recipients=[users[DEMO_EMAIL]],
        kind=NotificationKind.MEMBER_JOINED,
        key="demo:team-complete",
        message=gettext_lazy(
            "Eva, Ruud and Tim joined the workspace: Eva and Tim as editors, Ruud as reviewer."
        ),
        link=reverse("workspaces:members", kwargs={"workspace": workspace.slug}),
    )
    for path in settings.DEMO_POPULATORS:
        import_string(path)(workspace=workspace, people=users)
    # Completing an existing demo workspace changes what its pages show.
    revisions.bump(workspace_ids=[workspace.pk])
    return DemoLogin(workspace=workspace, email=DEMO_EMAIL, password=password)
