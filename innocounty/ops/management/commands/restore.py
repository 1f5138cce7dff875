from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.ops.backup import BackupError, RestorePlan, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a file written by `innocounty backup` into an empty database (SQLite or "
        "PostgreSQL): verify the file, migrate if needed, then write everything or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty (says what it replaces)",
        )
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help=(
                "restore even if the archive's signature does not verify (unsigned, signed with "
                "another BACKUP_SIGNING_KEY, or altered); only for an archive you know is genuine"
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["path"])

        def announce(existing: RestorePlan) -> None:
            self.stdout.write(f"将替换现有数据：{existing.summary()}。")

        try:
            result = backup_restore(
                path=path,
                force=options["force"],
                trust_unsigned=options["trust_unsigned"],
                announce=announce,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        if not result.signed:
            self.stderr.write(
                f"警告：{path} 的签名未通过验证，已按 --trust-unsigned 的要求照常恢复。"
            )
        self.stdout.write(
            f"已从 {path} 恢复：{sum(result.counts.values())} 条记录"
            f"（{len(result.counts)} 张表），{result.files} 个文件；"
            f"备份创建于 {manifest['created']}，innocounty {manifest['app_version']}。"
        )
