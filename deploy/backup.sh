#!/bin/sh
# Scheduled backup: `innocounty backup` into BACKUP_DIR, then delete backups older than
# BACKUP_KEEP_DAYS days. Run by innocounty-backup.timer (or cron) with the app's environment:
#   set -a; . /etc/innocounty/innocounty.env; set +a; /opt/innocounty/deploy/backup.sh
# Exit status is non-zero when the backup failed, so systemd or cron reports it.
set -eu

INNOCOUNTY="${INNOCOUNTY:-/opt/innocounty/venv/bin/innocounty}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/innocounty}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"

umask 077  # a backup holds password hashes and every value: readable by its owner only
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/innocounty-$(date +%Y%m%d-%H%M%S).zip"

"$INNOCOUNTY" backup -o "$file"
# Old backups go only after a new one has been written.
find "$BACKUP_DIR" -maxdepth 1 -name 'innocounty-*.zip' -type f \
    -mtime +"$BACKUP_KEEP_DAYS" -print -delete
# Expired sessions pile up in the database otherwise.
"$INNOCOUNTY" clearsessions
