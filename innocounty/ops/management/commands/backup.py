from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write everything (plans, people, values with their versions, the audit log, "
        "evidence files) into one zip file that `innocounty restore` reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")

    def handle(self, *args, **options):
        try:
            result = backup_create(path=Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(result.counts.values())
        self.stdout.write(
            f"已备份到 {result.path}：{rows} 条记录（{len(result.counts)} 张表），"
            f"{result.files} 个文件，{result.size / 1024 / 1024:.1f} MB。"
        )
