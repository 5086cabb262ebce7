import datetime

import factory
from django.utils import timezone

from accounts_registry.models import AccessGrant, Platform, SocialAccount

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
