import datetime

import factory
from django.utils import timezone

from content_calendar.models import Category, Post

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import UserFactory, WorkspaceFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    workspace = factory.SubFactory(WorkspaceFactory)
    channel = factory.SubFactory(
        SocialAccountFactory, workspace=factory.SelfAttribute("..workspace")
    )
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    category = Category.CURATED
    text = factory.Sequence(lambda n: f"Useful article number {n}")
    owner = factory.SubFactory(UserFactory)
    status = Post.Status.DRAFT
