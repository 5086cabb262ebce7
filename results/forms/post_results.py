"""Forms of the post results pages: a period, one post's figures, and an import."""

import datetime

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts_registry.models import SocialAccount
from content_calendar.forms import DATE, PlanningDateField
from workspaces.selectors import for_workspace

from ..models import PostResult
from ..services.post_results import DEFAULT_TOLERANCE_MINUTES
from ..services.result_import import MAX_BYTES


class PeriodForm(forms.Form):
    """The days a results page covers; without them, the last 90 days up to today."""

    start = PlanningDateField(label=_("From"), widget=DATE, required=False)
    end = PlanningDateField(label=_("Until"), widget=DATE, required=False)

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=89)
        if start > end:
            start, end = end, start
        return start, end


def _https_formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PostResultForm(forms.ModelForm):
    # The revision the form was opened on (0: no figures yet).
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = PostResult
        fields = [*PostResult.FIGURES, "permalink"]
        help_texts = {"permalink": _("The address of the post on the network, if you have it.")}
        # A permalink typed without its scheme is the network's https address.
        formfield_callback = _https_formfield


class ResultImportForm(forms.Form):
    ORDERS = [("dmy", _("day/month (10/02/2026)")), ("mdy", _("month/day (02/10/2026)"))]

    channel = forms.ModelChoiceField(label=_("Channel"), queryset=SocialAccount.objects.none())
    file = forms.FileField(
        label=_("Export file"),
        required=False,
        help_text=_("CSV or Excel (.xlsx), at most 5 MB and 10,000 rows."),
    )
    date_order = forms.ChoiceField(label=_("Dates with a slash are read as"), choices=ORDERS)
    tolerance = forms.IntegerField(
        label=_("Time tolerance (minutes)"),
        min_value=0,
        max_value=24 * 60,
        initial=DEFAULT_TOLERANCE_MINUTES,
        help_text=_("How far a row's time may be from the post's planned time."),
    )
    skip_unmatched = forms.BooleanField(
        label=_("Skip rows that match no post"),
        required=False,
        help_text=_("Without this, nothing is saved while any row matches no post."),
    )
    file_data = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        channels = for_workspace(SocialAccount, workspace=workspace)
        self.fields["channel"].queryset = channels
        # A team with one channel has nothing to choose (one query, only on the first form).
        if not self.is_bound:
            only = list(channels[:2])
            if len(only) == 1:
                self.fields["channel"].initial = only[0].pk

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("The file is larger than %(size)s MB."),
                    code="too_large",
                    params={"size": MAX_BYTES // (1024 * 1024)},
                ),
            )
        if upload is None and not data.get("file_data"):
            self.add_error("file", forms.ValidationError(_("Choose a file."), code="required"))
        return data
