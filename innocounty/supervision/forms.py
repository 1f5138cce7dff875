from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.plans.models import Plan, Unit
from innocounty.supervision.models import Item, ItemState


class _Form(forms.Form):
    """Chinese labels carry no colon suffix."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


DATE = forms.DateInput(attrs={"type": "date"})


def _units(plan: Plan):
    return plan.units.exclude(kind=Unit.Kind.GROUP).order_by("position")


class ItemForm(_Form):
    title = forms.CharField(label=_("督办事项"), max_length=300)
    requirement = forms.CharField(
        label=_("督办要求"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    source = forms.ChoiceField(label=_("来源"), choices=Item.Source.choices)
    indicator = forms.ModelChoiceField(label=_("对应指标"), queryset=None, required=False)
    task = forms.ModelChoiceField(label=_("对应任务"), queryset=None, required=False)
    instruction = forms.CharField(
        label=_("批示内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    instructed_by = forms.CharField(label=_("批示领导"), required=False, max_length=100)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=None)
    units = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(label=_("办结时限"), widget=DATE)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = plan.indicators.order_by("position")
        self.fields["task"].queryset = plan.tasks.order_by("number")
        self.fields["lead_unit"].queryset = _units(plan)
        self.fields["units"].queryset = _units(plan)


class StepForm(_Form):
    text = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    due = forms.DateField(label=_("计划完成日期"), required=False, widget=DATE)
    file = forms.FileField(label=_("佐证材料"), required=False)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class LedgerFilterForm(_Form):
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *ItemState.choices]
    )
    unit = forms.ModelChoiceField(label=_("单位"), required=False, queryset=None)
    source = forms.ChoiceField(
        label=_("来源"), required=False, choices=[("", _("全部")), *Item.Source.choices]
    )
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(plan)


class MilestoneForm(_Form):
    year = forms.IntegerField(label=_("年度"))
    title = forms.CharField(label=_("节点内容"), max_length=300)
    due = forms.DateField(label=_("完成时限"), widget=DATE)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = task.units.distinct().order_by("position")


class DoneForm(_Form):
    done_on = forms.DateField(label=_("完成日期"), widget=DATE)


class MeetingForm(_Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    date = forms.DateField(label=_("会议日期"), widget=DATE)
    chair = forms.CharField(label=_("主持人"), max_length=100)
    units = forms.ModelMultipleChoiceField(
        label=_("参会单位"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.FileField(label=_("会议纪要"), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _units(plan)


class DecisionForm(_Form):
    title = forms.CharField(label=_("议定事项"), max_length=300, required=False)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=None, required=False)
    deadline = forms.DateField(label=_("办结时限"), widget=DATE, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(plan)


def decision_list(rows: list[DecisionForm]) -> list[dict[str, Any]]:
    """The decisions (议定事项) of a meeting's valid decision rows; rows without a title are
    left blank on purpose and skipped. The title is also the requirement."""
    return [
        {
            "title": r.cleaned_data["title"],
            "requirement": r.cleaned_data["title"],
            "lead_unit": r.cleaned_data["lead_unit"],
            "deadline": r.cleaned_data["deadline"],
        }
        for r in rows
        if r.cleaned_data.get("title")
    ]
