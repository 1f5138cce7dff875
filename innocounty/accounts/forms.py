from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.selectors import type_label
from innocounty.audit.labels import ACTION_LABELS
from innocounty.audit.models import LogEntry
from innocounty.plans.models import Unit

PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{3,30}$")


class NoSuffixForm(forms.Form):
    """Labels without Django's half-width colon (the site's forms have none)."""

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if units is not None:  # the units of the plans the person may see (tenancy)
            for field in self.fields.values():
                if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Unit:
                    field.queryset = units


def _unit_label(unit: Unit) -> str:
    return unit.name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return _unit_label(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return _unit_label(obj)


def units_choices() -> Any:
    return _units()


def _units() -> Any:
    return Unit.objects.exclude(kind=Unit.Kind.GROUP).select_related("plan")


def _clean_phone(value: str) -> str:
    value = value.strip()
    if value and not PHONE.match(value):
        raise forms.ValidationError(_("请输入有效的电话号码（数字，可含区号连字符）。"))
    return value


class PersonCreateForm(NoSuffixForm):
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    username = forms.CharField(
        label=_("登录名"),
        max_length=30,
        help_text=_("3–30 位字母、数字或 _ . -，登录时使用。"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    unit = UnitChoiceField(label=_("所在单位"), queryset=_units())

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not USERNAME.match(username):
            raise forms.ValidationError(_("登录名只能包含 3–30 位字母、数字或 _ . -。"))
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该登录名已被使用。"))
        return username

    def clean_real_name(self) -> str:
        return self.cleaned_data["real_name"].strip()

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


class PersonEditForm(NoSuffixForm):
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    units = UnitsChoiceField(
        label=_("所在单位"),
        queryset=_units(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_real_name(self) -> str:
        return self.cleaned_data["real_name"].strip()

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


class PeopleFilterForm(NoSuffixForm):
    STATUS = (
        ("", _("全部")),
        ("active", _("在用")),
        ("inactive", _("已停用")),
        ("never", _("从未登录")),
    )
    unit = UnitChoiceField(
        label=_("单位"), queryset=_units(), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), choices=STATUS, required=False)
    q = forms.CharField(label=_("姓名或登录名"), required=False, max_length=50)


class AuditFilterForm(NoSuffixForm):
    who = forms.ModelChoiceField(
        label=_("操作人"),
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        empty_label=_("全部"),
    )
    action = forms.ChoiceField(label=_("操作"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    object_type = forms.ModelChoiceField(
        label=_("对象类型"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:  # the people the office may see (tenancy)
            self.fields["who"].queryset = people.order_by("username")
        codes = set(LogEntry.objects.values_list("action", flat=True).distinct()) | set(
            ACTION_LABELS
        )
        actions = sorted((code, str(ACTION_LABELS.get(code, code))) for code in codes)
        self.fields["action"].choices = [("", _("全部")), *actions]
        used = LogEntry.objects.values_list("content_type", flat=True).distinct()
        self.fields["object_type"].queryset = ContentType.objects.filter(pk__in=used)
        self.fields["object_type"].label_from_instance = type_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期不能晚于结束日期。"))
        return data
