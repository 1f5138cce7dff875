"""`innocounty self-evaluation [--plan KEY] -o FILE.docx [--bundle FILE.zip]`.

Freezes the approved data of a plan (default: the first plan) into a new stored
self-evaluation report (自评报告) and writes it as Word; `--bundle` also writes the evidence
bundle (report, indicator table, evidence files). Errors are one line, never a traceback.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.acceptance.bundle import bundle_zip
from innocounty.acceptance.document import report_docx
from innocounty.acceptance.services import self_evaluation_create
from innocounty.plans.models import Plan

NO_SUCH_PLAN = "找不到方案“{key}”；已有方案：{known}"
NO_PLAN = "数据库中还没有方案，请先运行 innocounty load-plan 或 innocounty demo。"


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"无法写入“{path}”：{exc.strerror}") from None


class Command(BaseCommand):
    help = (
        "Write the self-evaluation report （自评报告） of a plan as .docx， from a fresh snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="file to write (.docx)")
        parser.add_argument("--plan", help="plan key (default: the first plan)")
        parser.add_argument("--bundle", help="also write the evidence bundle (.zip)")

    def handle(self, *args, **options):
        key = options["plan"]
        if key:
            plan = Plan.objects.filter(key=key).first()
            if plan is None:
                known = "、".join(Plan.objects.values_list("key", flat=True)) or "无"
                raise CommandError(NO_SUCH_PLAN.format(key=key, known=known))
        else:
            plan = Plan.objects.order_by("pk").first()
            if plan is None:
                raise CommandError(NO_PLAN)
        output = Path(options["output"])
        if output.suffix.lower() != ".docx":
            raise CommandError(f"输出文件应为 .docx：{output}")
        report = self_evaluation_create(plan=plan)
        _write(output, report_docx(report))
        self.stdout.write(
            f"自评报告 #{report.pk}（准备度得分 {report.snapshot['score']['total']}）已写入 {output}"
        )
        if options["bundle"]:
            _write(Path(options["bundle"]), bundle_zip(report))
            self.stdout.write(f"验收材料包已写入 {options['bundle']}")
