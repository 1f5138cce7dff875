"""A plan in the database: programs, tasks, units, indicators, targets (DESIGN.md vocabulary).

Every row belongs to one plan; natural keys (task number, unit name, indicator code) are unique
within their plan only, so a second plan never mixes with the first.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel


class Region(models.Model):
    """A place in the administrative tree (province → city → county) that plans and people
    belong to. A county's plan hangs on its county; a person's region is where their role
    holds (`innocounty.reporting.access` reads it): a county office sees its county, a
    province office every county under its province."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市（州）")
        COUNTY = "county", _("县（市、区）")

    class Theme(models.TextChoices):
        """The national programme's themes, a peer group for the province's comparisons."""

        INDUSTRY = "industry", _("科技支撑产业发展")
        ECOLOGY = "ecology", _("生态文明")
        LIVELIHOOD = "livelihood", _("民生改善")

    class Zone(models.TextChoices):
        """The province's 主体功能区 types, another peer group."""

        DEVELOPMENT = "development", _("重点开发区")
        AGRICULTURE = "agriculture", _("农产品主产区")
        ECOLOGICAL = "ecological", _("重点生态功能区")

    code = models.SlugField(_("区划代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    theme = models.CharField(_("建设主题"), max_length=20, choices=Theme.choices, blank=True)
    zone = models.CharField(_("主体功能区类型"), max_length=20, choices=Zone.choices, blank=True)
    demo = models.BooleanField(_("演示数据"), default=False)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        blank=True,
        related_name="regions",
        help_text=_("在本地区（含下级地区）担任角色的人员"),
    )

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name

    def subtree_ids(self) -> set[int]:
        """This region's id and those of every region under it."""
        return region_subtree_ids([self.pk])


def region_subtree_ids(roots: list[int]) -> set[int]:
    """The ids of `roots` and every region under them, one query per level of the tree."""
    found: set[int] = set(roots)
    frontier = set(roots)
    while frontier:
        frontier = (
            set(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


class Plan(LoggedModel):
    key = models.SlugField(_("代码"), max_length=80, unique=True)
    title = models.CharField(_("名称"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    date = models.DateField(_("印发日期"), null=True, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    region = models.CharField(_("地区"), max_length=100, blank=True)
    # The county the plan belongs to (tenancy: who may see it). A plan with no county belongs
    # to the platform as a whole, as on a single-county installation.
    county = models.ForeignKey(
        Region,
        verbose_name=_("所属县（市、区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    end_year = models.PositiveSmallIntegerField(_("终止年份"))
    base_year = models.PositiveSmallIntegerField(_("基期年份"), null=True, blank=True)
    office_unit = models.ForeignKey(
        "Unit",
        verbose_name=_("领导小组办公室所在单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leading_group = models.JSONField(_("领导小组"), default=list, blank=True)
    errata = models.JSONField(_("勘误"), default=list, blank=True)
    findings = models.JSONField(_("解析发现"), default=list, blank=True)
    # The office's weights for the unit ranking (`plans.services.SCORING_DEFAULTS`); empty
    # means the defaults.
    scoring = models.JSONField(_("考核排名权重"), default=dict, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        ordering = ("-start_year", "key")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", args=[self.key])

    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Unit(models.Model):
    class Kind(models.TextChoices):
        UNIT = "unit", _("单位")
        GROUP = "group", _("单位组")
        OFFICE = "office", _("领导小组办公室")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.UNIT)
    member = models.BooleanField(_("领导小组成员单位"), default=True)
    duties = models.TextField(_("工作职责"), blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        blank=True,
        related_name="units",
    )

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ("plan", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="unit_unique_name_per_plan")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:unit-detail", args=[self.plan.key, self.pk])


class Program(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programs")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=300)

    class Meta:
        verbose_name = _("创新工程")
        verbose_name_plural = _("创新工程")
        ordering = ("plan", "number")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="program_unique_number")
        ]

    def __str__(self) -> str:
        return f"({self.number}) {self.title}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=300)
    text = models.TextField(_("任务内容"), blank=True)
    units: models.ManyToManyField[Unit, TaskUnit] = models.ManyToManyField(
        Unit, through="TaskUnit", related_name="tasks"
    )

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ("plan", "number")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task-detail", args=[self.plan.key, self.number])


class TaskUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        RESPONSIBLE = "responsible", _("责任单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_units")
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("任务分工")
        verbose_name_plural = _("任务分工")
        ordering = ("task", "role", "position")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "role"], name="taskunit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.get_role_display()} {self.unit.name}"


class Category(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("名称"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering = ("plan", "position")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    class MeasureType(models.TextChoices):
        STOCK = "stock", _("存量（期末值）")
        FLOW = "flow", _("流量（年内累计）")
        RATIO = "ratio", _("比率")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("年报")
        QUARTERLY = "quarterly", _("季报")
        MONTHLY = "monthly", _("月报")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(_("代码"), max_length=40)
    catalogue = models.CharField(_("国家标准指标"), max_length=20, blank=True)
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("二级指标"), max_length=300)
    measure_unit = models.CharField(_("计量单位"), max_length=50, blank=True)
    direction = models.CharField(
        _("方向"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    measure_type = models.CharField(
        _("指标类型"), max_length=6, choices=MeasureType.choices, default=MeasureType.STOCK
    )
    frequency = models.CharField(
        _("填报频率"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=0)
    note = models.TextField(_("说明"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    units: models.ManyToManyField[Unit, IndicatorUnit] = models.ManyToManyField(
        Unit, through="IndicatorUnit", related_name="indicators"
    )
    # A ratio's parts: value = numerator ÷ denominator × ratio_factor (empty when not a ratio
    # or when the plan does not say what it is computed from).
    numerator_name = models.CharField(_("分子"), max_length=200, blank=True)
    numerator_unit = models.CharField(_("分子单位"), max_length=50, blank=True)
    denominator_name = models.CharField(_("分母"), max_length=200, blank=True)
    denominator_unit = models.CharField(_("分母单位"), max_length=50, blank=True)
    ratio_factor = models.DecimalField(
        _("比率系数"), max_digits=12, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")
        ordering = ("plan", "position")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:indicator-detail", args=[self.plan.key, self.code])

    def format_value(self, value: Decimal | None) -> str:
        """Format a value with the indicator's decimals, without rounding stored data."""
        if value is None:
            return "—"
        return f"{value:,.{self.decimals}f}"

    @property
    def has_ratio_parts(self) -> bool:
        return bool(self.numerator_name and self.denominator_name)

    def ratio_formula(self) -> str:
        """“有效发明专利数（件）÷ 常住人口（万人）”, with “× 100” for a share."""
        if not self.has_ratio_parts:
            return ""
        num = f"{self.numerator_name}（{self.numerator_unit}）" if self.numerator_unit else ""
        den = f"{self.denominator_name}（{self.denominator_unit}）" if self.denominator_unit else ""
        text = f"{num or self.numerator_name} ÷ {den or self.denominator_name}"
        factor = self.ratio_factor
        if factor is not None and factor != 1:
            text += f" × {factor.normalize():f}"
        return text


class IndicatorUnit(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="indicator_units"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="indicator_units")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("指标责任单位")
        verbose_name_plural = _("指标责任单位")
        ordering = ("indicator", "position")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="indicatorunit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.name}"


class Target(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("基期值")
        TARGET = "target", _("目标值")
        ASSESSMENT = "assessment", _("考核值")
        EXPECTED = "expected", _("完成值")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年份"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=8)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ("indicator", "year", "kind")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "kind"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.get_kind_display()} {self.value}"


class MainTarget(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="main_targets")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("表述"))
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=8, null=True, blank=True)
    measure_unit = models.CharField(_("计量单位"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("对应指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="main_targets",
    )

    class Meta:
        verbose_name = _("主要目标")
        verbose_name_plural = _("主要目标")
        ordering = ("plan", "position")

    def __str__(self) -> str:
        return self.text
