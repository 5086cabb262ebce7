import datetime

import factory
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import AccessGrant, Handover, HandoverStep, Platform, SocialAccount
from workspaces.models import CompanyDomain

from ..factories import UserFactory, WorkspaceFactory


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    workspace = factory.SubFactory(WorkspaceFactory)
    platform = Platform.LINKEDIN_PAGE
    handle = factory.Sequence(lambda n: f"@company{n}")
    login_email = "social@vandijk.nl"
    two_factor = SocialAccount.TwoFactor.APP
    password_changed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=10)
    )


class AccessGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessGrant

    account = factory.SubFactory(SocialAccountFactory)
    member = factory.SubFactory(UserFactory)
    level = AccessGrant.Level.EDITOR


def step_facts(kind: str) -> dict:
    """What confirming a step of this kind asks for, filled in as a team would."""
    return {
        HandoverStep.Kind.MOVE_LOGIN: {"login_email": "social@vandijk.nl"},
        HandoverStep.Kind.CHANGE_PASSWORD: {"password_changed_on": timezone.localdate()},
        HandoverStep.Kind.MOVE_RECOVERY: {
            "recovery_holder": "the marketing phone",
            "two_factor": SocialAccount.TwoFactor.APP,
        },
    }.get(kind, {})


def confirm_step(*, step, by, **extra):
    """Confirm a step with the facts it asks for (the company's domain registered first)."""
    handover = Handover.objects.get(pk=step.handover_id)
    CompanyDomain.objects.get_or_create(workspace_id=handover.workspace_id, domain="vandijk.nl")
    kind = HandoverStep.objects.filter(pk=step.pk).values_list("kind", flat=True).get()
    return services.handover_step_confirm(step=step, by=by, **{**step_facts(kind), **extra})
