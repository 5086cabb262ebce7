import factory

from accounts_registry.models import Platform, SocialAccount

from ..factories import WorkspaceFactory


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    workspace = factory.SubFactory(WorkspaceFactory)
    platform = Platform.LINKEDIN_PAGE
    handle = factory.Sequence(lambda n: f"@company{n}")
    login_email = "social@example.com"
    two_factor = SocialAccount.TwoFactor.APP
