"""What the API reads and writes. Output serializers describe rows the views build (and the
OpenAPI schema); `ValueEntrySerializer` only checks the shape of a submitted entry: the
numbers themselves are checked by the reporting services, as for the web form."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class PlanSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text=_("方案所属地区；未填写时为 null"))
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()


class ForecastSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    projected = serializers.FloatField(allow_null=True)
    reason = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    catalogue = serializers.CharField(allow_null=True, help_text=_("国家标准指标代码"))
    name = serializers.CharField()
    unit = serializers.CharField()
    frequency = serializers.CharField()
    period = serializers.CharField()
    value = serializers.CharField(allow_null=True, help_text=_("该报告期最新的已审核值"))
    target = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    forecast = ForecastSerializer(allow_null=True)


class ValueVersionSerializer(serializers.Serializer):
    period = serializers.CharField()
    version = serializers.IntegerField()
    value = serializers.CharField(allow_null=True)
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    is_final = serializers.BooleanField()
    source = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)


class CompareRowSerializer(serializers.Serializer):
    plan = serializers.CharField()
    title = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    indicator = serializers.CharField()
    period = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    target = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class ValueEntrySerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=40)
    value = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    numerator = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    denominator = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)
    caliber = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    is_final = serializers.BooleanField(required=False)
    revision = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("所修改草稿的修订号；省略时以当前草稿为准"),
    )


class ValueSubmissionSerializer(serializers.Serializer):
    unit = serializers.CharField(
        required=False, help_text=_("填报单位名称或编号；本人只属于本方案一个单位时可省略")
    )
    on_behalf = serializers.BooleanField(required=False, help_text=_("办公室代填（代报）"))
    submit = serializers.BooleanField(required=False, help_text=_("保存后直接报送"))
    values = ValueEntrySerializer(many=True)


class ProblemSerializer(serializers.Serializer):
    indicator = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class SavedValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    period = serializers.CharField()
    version = serializers.IntegerField()
    revision = serializers.IntegerField()
    state = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())


class SubmissionResultSerializer(serializers.Serializer):
    unit = serializers.CharField()
    submitted = serializers.BooleanField()
    results = SavedValueSerializer(many=True)


class SubmissionProblemsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ProblemSerializer(many=True)


def paginated(child: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The page the list endpoints answer with: `{"count", "next", "previous", "results"}`."""
    name = child.__name__.removesuffix("Serializer")
    return type(
        f"Paginated{name}ListSerializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": child(many=True),
        },
    )


PaginatedPlans = paginated(PlanSerializer)
PaginatedIndicators = paginated(IndicatorSerializer)
PaginatedValueVersions = paginated(ValueVersionSerializer)
PaginatedCompareRows = paginated(CompareRowSerializer)
