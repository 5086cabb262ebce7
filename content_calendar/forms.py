from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts_registry.selectors import channel_accounts
from strategy_planner.forms import PlainSelect, check_csv_upload
from workspaces.models import Role
from workspaces.selectors import users_with_role

from . import exchange, images, networks
from .models import (
    WEEKDAYS,
    CalendarSettings,
    Campaign,
    Category,
    Post,
    PostSeries,
    validate_planning_day,
)
from .selectors import calendar_channels, campaigns_of, plan_link_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanningDateField(forms.DateField):
    """A day of the calendar: within the years posts are planned in (models.POST_YEARS), so
    a filter, a move or an export never reaches dates Python or the database cannot hold."""

    default_validators = [validate_planning_day]


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ChannelSelect(forms.Select):
    """The channel's options carry their network's rules (networks.py), so the live counter in
    the form counts as the network does without a second table in the script."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        account = getattr(value, "instance", None)
        if account is not None:
            network = networks.network_of(account.platform)
            option["attrs"].update(
                {
                    "data-network": network.name,
                    "data-max": network.max_chars or "",
                    "data-link-weight": network.link_weight or "",
                    "data-weighted": "true" if network.weighted else "false",
                    "data-see-more": network.see_more_at or "",
                }
            )
        return option


class PostForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # What a new post is planned from in an app above the calendar ("curation.item:42"):
    # carried from the opened form to the save, which marks it (post_hooks).
    origin = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    # Part of saving, so the check is of the text being saved and nothing typed is lost.
    hashtags_confirmed = forms.BooleanField(
        label=_("I checked the hashtags in this text"),
        required=False,
        help_text=_(
            "Look up what each one is about right now: a trending hashtag can be about a tragedy."
        ),
    )

    class Meta:
        model = Post
        fields = [
            "channel",
            "scheduled_at",
            "category",
            "status",
            "text",
            "link",
            "theme",
            "sub_goal",
            "audience",
            "serves_note",
            "campaign",
            "evergreen",
            "owner",
        ]
        formfield_callback = _formfield
        widgets = {
            "channel": ChannelSelect,
            "scheduled_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "text": forms.Textarea(
                attrs={"rows": 4, "data-counted": "", "aria-describedby": "text-count"}
            ),
        }

    # Only when a post is planned: a repeat makes one post per occurrence.
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[("", _("Does not repeat")), *PostSeries.Frequency.choices],
        required=False,
    )
    repeat_until = PlanningDateField(label=_("Repeat until"), required=False, widget=DATE)

    # Only on a post of a series: the change goes to the posts after it too.
    following = forms.BooleanField(
        label=_("Also change the posts after this one in its series"),
        required=False,
        help_text=_(
            "They take this text, link, category, what it serves, campaign and owner; their "
            "days, times, channels and statuses stay."
        ),
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["repeat"]
            del self.fields["repeat_until"]
            del self.fields["origin"]
        if not self.instance.series_id:
            del self.fields["following"]
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)
        # The approved plans' rows; the service checks it is the plan in force on the date.
        for name, queryset in plan_link_choices(workspace=workspace).items():
            self.fields[name].queryset = queryset
        self.fields["campaign"].queryset = campaigns_of(workspace=workspace)
        if not self.instance.serves_note:
            del self.fields["serves_note"]
        self.fields["owner"].queryset = users_with_role(
            workspace=workspace, role=Role.EDITOR
        ).order_by("name", "email")
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound and self.instance.pk:
            self.initial["revision"] = self.instance.revision


class PostFilterForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=None, required=False, widget=PlainSelect
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All")), *Category.choices],
        required=False,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Post.Status.choices],
        required=False,
        widget=PlainSelect,
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, widget=PlainSelect
    )
    start = PlanningDateField(label=_("From"), required=False, widget=DATE)
    end = PlanningDateField(label=_("Until"), required=False, widget=DATE)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Content theme"), queryset=None, required=False, widget=PlainSelect
    )
    sub_goal = forms.ModelChoiceField(
        label=_("Sub-goal"), queryset=None, required=False, widget=PlainSelect
    )
    audience = forms.ModelChoiceField(
        label=_("Audience"), queryset=None, required=False, widget=PlainSelect
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, required=False, widget=PlainSelect
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in plan_link_choices(workspace=workspace).items():
            self.fields[name].queryset = queryset
        self.fields["campaign"].queryset = campaigns_of(workspace=workspace)
        # Only the channels that have posts: not every account in the registry.
        self.fields["channel"].queryset = calendar_channels(workspace=workspace)
        self.fields["owner"].queryset = users_with_role(
            workspace=workspace, role=Role.EDITOR
        ).order_by("name", "email")
        # The page writes the fields itself (no crispy template per field): Bootstrap's
        # classes are set here.
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class MoveForm(forms.Form):
    day = PlanningDateField()
    # The post's revision the calendar showed; without it (an older page) the move is not
    # checked for someone else's save.
    revision = forms.IntegerField(required=False, min_value=0)


class DuplicateForm(forms.Form):
    """Where a copy of a post goes: a date and time, and a channel."""

    channel = forms.ModelChoiceField(label=_("Channel"), queryset=None)
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[validate_planning_day],
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)


class PostImageForm(forms.Form):
    """An image for a post. A plain file field: what the file is, Pillow decides
    (content_calendar/images.py), not its name."""

    file = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG, GIF or WebP."),
        widget=forms.FileInput(attrs={"accept": ",".join(images.FORMATS.values())}),
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=1000,
        help_text=_("What the image shows, for people who can't see it."),
        error_messages={
            "required": _("Say what the image shows: people who can't see it hear this text.")
        },
    )


class BulkForm(forms.Form):
    """An action on the posts chosen in the list: one value for them all, or removal."""

    ACTIONS = [
        ("status", _("Set the status")),
        ("owner", _("Set the owner")),
        ("channel", _("Move to the channel")),
        ("category", _("Set the category")),
        ("campaign", _("Set the campaign")),
        ("delete", _("Remove")),
    ]
    posts = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    action = forms.ChoiceField(label=_("With the chosen posts"), choices=ACTIONS)
    # Labelled apart from the list's filters, which share the page.
    status = forms.ChoiceField(
        label=_("New status"), choices=[("", "—"), *Post.Status.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("New category"), choices=[("", "—"), *Category.choices], required=False
    )
    owner = forms.ModelChoiceField(label=_("New owner"), queryset=None, required=False)
    channel = forms.ModelChoiceField(label=_("New channel"), queryset=None, required=False)
    campaign = forms.ModelChoiceField(
        label=_("New campaign"), queryset=None, required=False, empty_label=_("No campaign")
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_with_role(workspace=workspace, role=Role.EDITOR)
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)
        self.fields["campaign"].queryset = campaigns_of(workspace=workspace)
        # Any whole number: the service finds only this workspace's posts.
        self.fields["posts"].valid_value = lambda value: str(value).isdigit()
        for name in ("action", "status", "category", "owner", "channel", "campaign"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("status", "category", "owner", "channel") and not data.get(action):
            self.add_error(action, _("Choose the new value."))
        return data


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class PostCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class CalendarSettingsForm(forms.ModelForm):
    class Meta:
        model = CalendarSettings
        fields = ["mix_tolerance", "posts_need_approval"]


class ExportForm(forms.Form):
    FORMATS = [("planner", _("Strategy Planner CSV")), ("hootsuite", _("Hootsuite bulk CSV"))]
    ORDERS = [("dmy", _("dd/mm/yyyy")), ("mdy", _("mm/dd/yyyy"))]

    start = PlanningDateField(label=_("From"), widget=DATE)
    end = PlanningDateField(label=_("Until"), widget=DATE)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    date_order = forms.ChoiceField(label=_("Date order (Hootsuite)"), choices=ORDERS)
    # Cancelled posts never go to Hootsuite, so they are no choice here.
    statuses = forms.MultipleChoiceField(
        label=_("Statuses (Hootsuite)"),
        choices=[c for c in Post.Status.choices if c[0] != Post.Status.CANCELLED],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: ready and scheduled posts."),
    )

    DEFAULT_STATUSES = [Post.Status.READY, Post.Status.SCHEDULED]

    def clean_statuses(self):
        # An address without statuses (a bookmark from before the filter) gets the default.
        return self.cleaned_data.get("statuses") or list(self.DEFAULT_STATUSES)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return cleaned


class ImportForm(forms.Form):
    FORMATS = ExportForm.FORMATS
    ORDERS = ExportForm.ORDERS

    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    file = forms.FileField(label=_("CSV file"), required=False)
    channel = forms.ModelChoiceField(
        label=_("Channel (Hootsuite: one file per profile)"), queryset=None, required=False
    )
    category = forms.ChoiceField(
        label=_("Category of the rows (Hootsuite)"), choices=Category.choices, required=False
    )
    # Left to the file by default: the preview says which order it read, or asks.
    date_order = forms.ChoiceField(
        label=_("Date order (Hootsuite)"),
        choices=[("", _("Read from the file")), *ORDERS],
        required=False,
    )
    update_choice = forms.ChoiceField(
        label=_("Rows that change a planned post"),
        choices=[
            ("", _("Choose per row")),
            ("update", _("Update the planned posts")),
            ("add", _("Add them as new posts")),
        ],
        required=False,
    )
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            check_csv_upload(upload, limit=exchange.MAX_BYTES)
        return upload


class SlotForm(forms.Form):
    """A weekly slot of one channel: a day and a time."""

    channel = forms.ModelChoiceField(label=_("Channel"), queryset=None, widget=forms.HiddenInput)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)


class SlotSuggestForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channel_accounts(workspace=workspace)
