"""Results for tests: check-ins and post figures on the plans of tests/strategy/factories."""

import datetime
from decimal import Decimal

import factory

from results.models import CheckIn, PostResult


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    sub_goal = None  # required: pass one
    workspace = factory.LazyAttribute(lambda o: o.sub_goal.plan.workspace)
    measured_on = datetime.date(2026, 2, 1)
    value = Decimal("5")
    source = "CRM"


class PostResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostResult

    post = None  # required: pass one
    workspace = factory.LazyAttribute(lambda o: o.post.workspace)
    impressions = 1000
    reactions = 30
    comments = 5
    shares = 3
    clicks = 12
