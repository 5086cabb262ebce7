from datetime import timedelta

import factory
from django.utils import timezone

from notifications.models import Notification
from users.models import User
from workspaces.models import Invitation, Membership, Role, Workspace

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    kind = "welcome"
    key = factory.Sequence(lambda n: f"test:{n}")
    message = factory.Sequence(lambda n: f"Something happened ({n})")
    link = ""
    created_at = factory.LazyFunction(timezone.now)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    workspace = factory.SubFactory(WorkspaceFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.com")
    role = Role.EDITOR
    token_hash = factory.Sequence(lambda n: f"{n:064}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
