"""`innocounty bulletin --period PERIOD -o FILE.docx [--plan KEY] [--bulletin ID]`.

Freezes the approved data as of PERIOD into a new stored bulletin and writes it as Word (or
PDF through LibreOffice when FILE ends in .pdf). `--bulletin ID` writes a stored bulletin
again instead, identical to the first time. Warnings (no CJK font: no charts) go to stderr.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.bulletins import pdf
from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.models import Bulletin
from innocounty.bulletins.services import bulletin_create
from innocounty.core.periods import PeriodError, parse_period
from innocounty.plans.models import Plan

NO_SUCH_PLAN = "找不到方案“{key}”；已有方案：{known}"
NO_PLAN = "数据库中还没有方案，请先运行 innocounty load-plan 或 innocounty demo。"
NO_SUCH_BULLETIN = "找不到编号为 {id} 的通报。"


class Command(BaseCommand):
    help = "Write the bulletin (通报) of a period as .docx (or .pdf), from a stored snapshot."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="period such as 2024, 2025Q2 or 2025-06")
        parser.add_argument("-o", "--output", required=True, help="file to write (.docx or .pdf)")
        parser.add_argument("--plan", help="plan key (default: the only or first plan)")
        parser.add_argument("--bulletin", type=int, help="write this stored bulletin again")

    def handle(self, *args, **options):
        if options["bulletin"] is not None:
            bulletin = Bulletin.objects.filter(pk=options["bulletin"]).first()
            if bulletin is None:
                raise CommandError(NO_SUCH_BULLETIN.format(id=options["bulletin"]))
        else:
            if not options["period"]:
                raise CommandError("请用 --period 指定报告期，如 2024 或 2025Q2。")
            try:
                period = parse_period(options["period"]).ident
            except PeriodError as exc:
                raise CommandError(str(exc)) from None
            bulletin = bulletin_create(plan=self._plan(options["plan"]), period=period)
        content, warnings = bulletin_docx(bulletin)
        for warning in warnings:
            self.stderr.write(f"警告：{warning}")
        output = Path(options["output"])
        if output.suffix.lower() == ".pdf":
            try:
                content = pdf.docx_to_pdf(content)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"无法写入“{output}”：{exc.strerror}") from None
        self.stdout.write(f"通报 #{bulletin.pk}（{bulletin.doc_number}）已写入 {output}")

    def _plan(self, key: str | None) -> Plan:
        if key:
            plan = Plan.objects.filter(key=key).first()
            if plan is None:
                known = "、".join(Plan.objects.values_list("key", flat=True)) or "无"
                raise CommandError(NO_SUCH_PLAN.format(key=key, known=known))
            return plan
        plan = Plan.objects.order_by("pk").first()
        if plan is None:
            raise CommandError(NO_PLAN)
        return plan
