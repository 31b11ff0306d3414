/*
 * backup.h — taking and restoring whole-database backups, for
 * `cwyn backup` and `cwyn restore`.
 *
 * SQLite: the copy is taken online with SQLite's backup API from one read
 * snapshot, so the server may keep writing. It goes to a temporary file
 * beside the destination, is checked there (PRAGMA integrity_check, the
 * schema version, the audit chain), synced to disk, and only then renamed
 * over the destination: a backup file either is complete and verified or
 * does not exist. Restore checks the backup the same way before it
 * touches the live database, then replaces the live content in one write
 * transaction through the same API.
 *
 * PostgreSQL: pg_dump --format=custom --serializable-deferrable (one
 * consistent snapshot that never aborts) and pg_restore --clean
 * --if-exists --single-transaction (all or nothing), run with posix_spawn
 * — the URL is an argument, never seen by a shell. The archive is checked
 * with pg_restore --list and its schema version read from it before a
 * restore; the audit chain is verified on the live database before a dump
 * and on the restored one after a restore.
 *
 * Both record what they did in the audit log: "db.backup" in the live
 * database, "db.restore" in the restored one (continuing its chain).
 */
#ifndef CWYN_APP_BACKUP_H
#define CWYN_APP_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

/* What a backup holds, as found by the checks. */
struct backup_info {
	enum db_kind kind;
	int schema_version;     /* of the copy */
	int64_t audit_entries;  /* entries in the verified audit chain */
	int64_t cases;          /* SQLite copies; -1 when not counted */
	int64_t bytes;          /* size of the backup file */
};

/*
 * Back up the database at db_url into out_path. An existing out_path is
 * refused (CWYN_ECONFLICT) unless overwrite; it is then replaced
 * atomically, and only by a verified copy. actor names who asked, for the
 * audit log ("cli"). info may be NULL.
 */
enum cwyn_code app_backup(const char *db_url, const char *out_path,
                          bool overwrite, const char *actor,
                          struct backup_info *info, struct cwyn_error *err);

/*
 * Check the backup file in_path without restoring it: an SQLite copy
 * (integrity, schema version, audit chain) or a pg_dump archive
 * (readable, schema version). Changes nothing. info may be NULL.
 */
enum cwyn_code app_backup_check(const char *in_path, struct backup_info *info,
                                struct cwyn_error *err);

/*
 * Replace the database at db_url with the backup in_path, after
 * app_backup_check passed and only if the backup's kind matches the
 * database's (an SQLite file into SQLite, a pg_dump archive into
 * PostgreSQL). The restored database is then brought to this code's
 * schema version and "db.restore" appended to its audit chain. A missing
 * SQLite database file is created. info may be NULL.
 */
enum cwyn_code app_restore(const char *db_url, const char *in_path,
                           const char *actor, struct backup_info *info,
                           struct cwyn_error *err);

#endif
