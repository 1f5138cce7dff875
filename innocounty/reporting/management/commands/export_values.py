"""`innocounty export-values --format csv|xlsx -o FILE [--plan KEY]`: every value version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.plans.models import Plan
from innocounty.reporting.excel import export_values

NO_SUCH_PLAN = "找不到方案“{key}”；已有方案：{known}"


class Command(BaseCommand):
    help = "Export every version of every indicator value as xlsx (importable back) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--plan", help="plan key (default: every plan)")

    def handle(self, *args, **options):
        plan = None
        if options["plan"]:
            plan = Plan.objects.filter(key=options["plan"]).first()
            if plan is None:
                known = "、".join(Plan.objects.values_list("key", flat=True)) or "无"
                raise CommandError(NO_SUCH_PLAN.format(key=options["plan"], known=known))
        content = export_values(plan=plan, fmt=options["format"])
        try:
            Path(options["output"]).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"无法写入“{options['output']}”：{exc.strerror}") from None
        self.stdout.write(f"已导出到 {options['output']}")
