from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.supervision import exporters


class Command(BaseCommand):
    help = "Export the supervision ledger (督办台账): one row per item, as CSV or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], required=True)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        items = exporters.ledger_items()
        data = exporters.to_csv(items) if options["format"] == "csv" else exporters.to_xlsx(items)
        path = Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入文件 {path}：{exc.strerror or exc}") from None
        self.stdout.write(f"已导出督办台账：{path}（{exporters.ledger_items().count()} 项）")
