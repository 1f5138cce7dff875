"""GET forms of the monitor pages: the as-of period and the task board's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.core.periods import PeriodError, parse_period
from innocounty.i18n import translate
from innocounty.plans.models import Plan
from innocounty.reporting.models import Round


def period_choices(plan: Plan) -> list[tuple[str, str]]:
    """The plan's years and its rounds' periods, latest first, after "latest month"."""
    periods = {str(y) for y in range(plan.base_year or plan.start_year, plan.end_year + 1)}
    periods.update(Round.objects.filter(plan=plan).values_list("period", flat=True))
    ordered = sorted(
        periods, key=lambda p: (parse_period(p).year, parse_period(p).end_month), reverse=True
    )
    return [("", _("默认（方案内最新有审核数据的报告期）")), *[(p, p) for p in ordered]]


class PeriodForm(forms.Form):
    """`?period=2024`: the as-of period; empty or absent means `selectors.default_period`."""

    period = forms.CharField(label=_("截至报告期"), required=False, max_length=10)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"] = forms.ChoiceField(
            label=_("截至报告期"), required=False, choices=period_choices(plan)
        )

    def clean_period(self) -> str | None:
        text = self.cleaned_data.get("period") or ""
        if not text:
            return None
        try:
            return parse_period(text).ident
        except PeriodError as exc:
            raise forms.ValidationError(translate(exc.message)) from exc


class TaskFilterForm(forms.Form):
    """The task board's filters (all optional): unit, program, status."""

    unit = forms.TypedChoiceField(label=_("单位"), required=False, coerce=int, empty_value=None)
    program = forms.TypedChoiceField(
        label=_("创新工程"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        programs: list[tuple[int, str]],
        statuses: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["unit"].choices = everything + units  # type: ignore[attr-defined]
        self.fields["program"].choices = everything + programs  # type: ignore[attr-defined]
        self.fields["status"].choices = everything + statuses  # type: ignore[attr-defined]
