from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.core import catalogue
from innocounty.plans.models import Region
from innocounty.province.document import SECTIONS
from innocounty.province.selectors import Filters

SECTION_LABELS = {
    "intro": _("开头"),
    "overview": _("一、总体情况"),
    "ranking": _("二、综合指数排名"),
    "ranking-method": _("二、评价得分排名"),  # the ranking of a bulletin ranked by a method
    "reporting": _("三、填报和督办情况"),
    "requirements": _("四、下一步工作要求"),
}


class ComparisonForm(forms.Form):
    """The province view's filters from the query string; anything unknown is ignored (the
    comparison then shows everything, or its default year)."""

    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    indicator = forms.ChoiceField(
        required=False, choices=[("", "")] + [(e.code, e.code) for e in catalogue.NATIONAL]
    )
    theme = forms.ChoiceField(required=False, choices=[("", ""), *Region.Theme.choices])
    zone = forms.ChoiceField(required=False, choices=[("", ""), *Region.Zone.choices])
    city = forms.IntegerField(required=False, min_value=1)
    page = forms.IntegerField(required=False, min_value=1)
    # Checked against the methods the year offers by the comparison (`province.methods`).
    method = forms.CharField(required=False, max_length=20)

    def filters(self) -> Filters:
        self.is_valid()  # an invalid field drops out of cleaned_data; the others stay
        data = self.cleaned_data
        return Filters(
            year=data.get("year"),
            indicator=data.get("indicator") or "",
            theme=data.get("theme") or "",
            zone=data.get("zone") or "",
            city=data.get("city"),
            page=data.get("page") or 1,
            method=data.get("method") or "",
        )


class ProvinceBulletinCreateForm(forms.Form):
    region = forms.ModelChoiceField(Region.objects.none(), label=_("地区"), empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2999)

    def __init__(self, *args: Any, regions: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels carry no colon suffix
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class ProvinceBulletinEditForm(forms.Form):
    """Title, 文号 and one textarea per section; each line of a textarea is a paragraph."""

    title = forms.CharField(label=_("标题"), max_length=200)
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for key, _head in SECTIONS:
            self.fields[key] = forms.CharField(
                label=SECTION_LABELS[key], required=False, widget=forms.Textarea(attrs={"rows": 4})
            )

    @classmethod
    def for_bulletin(cls, bulletin: Any, data: Any = None) -> ProvinceBulletinEditForm:
        initial = {
            "title": bulletin.title,
            "doc_number": bulletin.doc_number,
            "revision": bulletin.revision,
            **bulletin.paragraphs,
        }
        form = cls(data, initial=initial)
        if bulletin.snapshot.get("method"):
            form.fields["ranking"].label = SECTION_LABELS["ranking-method"]
        return form

    def sections(self) -> list[Any]:
        return [self[key] for key, _head in SECTIONS]
