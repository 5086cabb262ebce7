"""Input fields shared by the endpoints."""

import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts_registry.models import SocialAccount
from workspaces.selectors import for_workspace

# The largest id or revision a database column holds (64-bit). A larger number in a filter
# would reach the database and fail there (SQLite cannot even bind it), so the input refuses it.
ID_MAX = 2**63 - 1

# Dates the API accepts: wide enough for any plan, narrow enough that a date and its week,
# day bounds and time zone conversions stay within what Python and the databases can hold.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)


def _in_range(day: datetime.date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise serializers.ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
        )


class DateField(serializers.DateField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_in_range)


class DateTimeField(serializers.DateTimeField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(lambda moment: _in_range(moment.date()))


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related row by its id: a whole number, as JSON or as digits. DRF hands anything to
    the database lookup, where 6.5 became row 6 and 1e400 (infinity) crashed the request."""

    def to_internal_value(self, data):
        whole = (isinstance(data, int) and not isinstance(data, bool)) or (
            isinstance(data, str) and data.isascii() and data.isdigit()
        )
        if not whole:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= int(data) <= ID_MAX:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(int(data))


@extend_schema_field(OpenApiTypes.INT)
class WorkspaceAccountField(StrictPrimaryKeyRelatedField):
    """An account of the request's workspace, by id (another workspace's is unknown)."""

    def get_queryset(self):
        return for_workspace(SocialAccount, workspace=self.context["request"].workspace)


@extend_schema_field(OpenApiTypes.INT)
class MemberField(StrictPrimaryKeyRelatedField):
    """A member of the request's workspace, by user id."""

    def get_queryset(self):
        return get_user_model().objects.filter(
            memberships__workspace=self.context["request"].workspace
        )


class UserOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
