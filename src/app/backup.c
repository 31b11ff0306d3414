/*
 * backup.c — whole-database backup and restore (see backup.h for the
 * guarantees). SQLite goes through the driver's online backup hooks
 * (db_sqlite_backup / db_sqlite_restore); PostgreSQL through pg_dump and
 * pg_restore run with posix_spawn. Files are made owner-only: a backup
 * holds every complaint the council has.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/backup.h"
#include "i18n/i18n.h"
#include "store/audit.h"
#include "store/store.h"

extern char **environ;

#define SQLITE_MAGIC "SQLite format 3" /* and a NUL: 16 bytes */
#define PGDUMP_MAGIC "PGDMP"
#define TOOL_ERR_MAX 300 /* bytes of a tool's stderr kept in a message */

/* ---- Paths and files ----------------------------------------------------- */

static bool url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 ||
	       strncmp(url, "postgres://", 11) == 0;
}

/* The file behind an SQLite URL, as db_open reads it. */
static const char *url_sqlite_path(const char *url)
{
	if (strncmp(url, "sqlite:", 7) != 0)
		return url;
	url += 7;
	return strncmp(url, "//", 2) == 0 ? url + 2 : url;
}

/* Anything with a scheme other than sqlite: is a typo (as in db_open). */
static enum cwyn_code check_scheme(const char *url, struct cwyn_error *err)
{
	if (strncmp(url, "sqlite:", 7) != 0 && strstr(url, "://") != NULL)
		return cwyn_fail(err, CWYN_EINVAL, "database",
		                 N_("unknown database URL scheme; use sqlite:PATH or "
		                 "postgresql://..."));
	if (*url_sqlite_path(url) == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "database",
		                 N_("the sqlite: URL has no file path"));
	return CWYN_OK;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The sidecar files SQLite may keep beside a database. */
static const char *const sidecars[] = {"-wal", "-shm", "-journal"};

static void remove_db_file(const char *path)
{
	char side[PATH_MAX + 16];
	if (path[0] == '\0')
		return;
	unlink(path);
	for (size_t i = 0; i < sizeof sidecars / sizeof *sidecars; i++) {
		snprintf(side, sizeof side, "%s%s", path, sidecars[i]);
		unlink(side);
	}
}

/*
 * Create an empty owner-only temporary file named after `near` in `dir`
 * (".NAME.tmp-XXXXXX"), so a rename to its final name stays on one file
 * system and is atomic.
 */
static enum cwyn_code make_temp(const char *dir, const char *near,
                                char *out, size_t size,
                                struct cwyn_error *err)
{
	char base_buf[PATH_MAX];
	snprintf(base_buf, sizeof base_buf, "%s", near);
	int n = snprintf(out, size, "%s/.%s.tmp-XXXXXX", dir,
	                 basename(base_buf));
	if (n < 0 || (size_t)n >= size)
		return cwyn_fail(err, CWYN_EINVAL, "output",
		                 N_("the path is too long"));
	int fd = mkstemp(out); /* mode 0600 */
	if (fd < 0) {
		enum cwyn_code rc = cwyn_fail(
		    err, CWYN_EIO, "output",
		    "cannot create a temporary file in %s: %s", dir,
		    strerror(errno));
		out[0] = '\0';
		return rc;
	}
	close(fd);
	return CWYN_OK;
}

static enum cwyn_code temp_beside(const char *path, char *out, size_t size,
                                  struct cwyn_error *err)
{
	char dir_buf[PATH_MAX];
	snprintf(dir_buf, sizeof dir_buf, "%s", path);
	return make_temp(dirname(dir_buf), path, out, size, err);
}

static enum cwyn_code temp_in_tmpdir(const char *near, char *out, size_t size,
                                     struct cwyn_error *err)
{
	const char *dir = getenv("TMPDIR");
	return make_temp(dir && *dir ? dir : "/tmp", near, out, size, err);
}

static enum cwyn_code fsync_path(const char *path, bool is_dir,
                                 struct cwyn_error *err)
{
	int fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDWR) |
	                        O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		enum cwyn_code rc = cwyn_fail(err, CWYN_EIO, "output",
		                              "cannot sync %s to disk: %s", path,
		                              strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	close(fd);
	return CWYN_OK;
}

/* fsync the file, rename it over `to`, then fsync the directory so the
 * new name itself survives a power cut. */
static enum cwyn_code commit_file(const char *tmp, const char *to,
                                  struct cwyn_error *err)
{
	enum cwyn_code rc = fsync_path(tmp, false, err);
	if (rc != CWYN_OK)
		return rc;
	if (rename(tmp, to) != 0)
		return cwyn_fail(err, CWYN_EIO, "output", "cannot rename to %s: %s",
		                 to, strerror(errno));
	char dir_buf[PATH_MAX];
	snprintf(dir_buf, sizeof dir_buf, "%s", to);
	return fsync_path(dirname(dir_buf), true, err);
}

static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* Which kind of backup a file is, from its first bytes. */
static enum cwyn_code backup_kind(const char *path, enum db_kind *out,
                                  struct cwyn_error *err)
{
	char head[16] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, "input",
		                 "cannot open the backup file %s: %s", path,
		                 strerror(errno));
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n == (ssize_t)sizeof head && memcmp(head, SQLITE_MAGIC, 16) == 0)
		*out = DB_SQLITE;
	else if (n >= 5 && memcmp(head, PGDUMP_MAGIC, 5) == 0)
		*out = DB_POSTGRES;
	else
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 "%s is not a cwyn backup (neither an SQLite "
		                 "database nor a pg_dump custom archive)", path);
	return CWYN_OK;
}

static enum cwyn_code copy_file(const char *from, const char *to,
                                struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	char buf[1 << 16];
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (in < 0 || out < 0) {
		rc = cwyn_fail(err, CWYN_EIO, in < 0 ? "input" : "output",
		               "cannot open %s: %s", in < 0 ? from : to,
		               strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = cwyn_fail(err, CWYN_EIO, "input", "cannot read %s: %s",
			               from, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = cwyn_fail(err, CWYN_EIO, "output",
				               "cannot write %s: %s", to,
				               strerror(errno));
				goto out;
			}
			off += w;
		}
	}
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return rc;
}

/* ---- Checks shared by both kinds ----------------------------------------- */

/* The schema must be cwyn's, and not newer than this code knows. */
static enum cwyn_code check_version(int version, const char *what,
                                    struct cwyn_error *err)
{
	if (version < 1)
		return cwyn_fail(err, CWYN_EINVAL, what,
		                 N_("the database has no cwyn schema"));
	if (version > store_schema_version())
		return cwyn_fail(err, CWYN_ESTATE, what,
		                 "the database was written by a newer cwyn "
		                 "(schema %d; this cwyn knows %d); upgrade cwyn",
		                 version, store_schema_version());
	return CWYN_OK;
}

static enum cwyn_code check_chain(struct db *db, const char *what,
                                  int64_t *entries, struct cwyn_error *err)
{
	struct audit_report r;
	enum cwyn_code rc = audit_verify(db, &r, err);
	if (rc != CWYN_OK)
		return rc;
	if (r.kind != AUDIT_OK)
		return cwyn_fail(err, CWYN_ESTATE, what,
		                 "the audit chain is broken at entry %lld (%s): %s",
		                 (long long)r.seq, audit_break_name(r.kind),
		                 r.message);
	*entries = r.entries;
	return CWYN_OK;
}

/* One audit entry in its own transaction. */
static enum cwyn_code audit_one(struct db *db, const char *actor,
                                const char *action, const char *detail,
                                struct cwyn_error *err)
{
	enum cwyn_code rc = db_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = audit_append(db, 0, actor && *actor ? actor : "system", action, 0,
	                  detail, err);
	if (rc == CWYN_OK)
		return db_commit(db, err);
	db_rollback(db);
	return rc;
}

/* ---- SQLite ----------------------------------------------------------------- */

static int first_text(void *ctx, const struct db_value *cols, size_t n)
{
	char *buf = ctx;
	if (n > 0 && cols[0].type == DB_TEXT)
		snprintf(buf, 64, "%s", cols[0].s);
	return 1;
}

/*
 * Check an SQLite copy we own (it is modified: opening switches it to WAL
 * and the end switches it back, leaving one self-contained file).
 */
static enum cwyn_code check_sqlite_copy(const char *path,
                                        struct backup_info *info,
                                        struct cwyn_error *err)
{
	char url[PATH_MAX + 16], verdict[64] = "";
	struct db *db = NULL;
	snprintf(url, sizeof url, "sqlite:%s", path);
	enum cwyn_code rc = db_open(url, &db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = db_query(db, "PRAGMA integrity_check", NULL, 0, first_text,
	              verdict, err);
	if (rc == CWYN_OK && strcmp(verdict, "ok") != 0)
		rc = cwyn_fail(err, CWYN_EDB, "backup",
		               "the copy failed SQLite's integrity check: %s",
		               verdict);
	int version = 0;
	if (rc == CWYN_OK) {
		/* A database without the migrations table is not cwyn's. */
		if (store_db_version(db, &version, NULL) != CWYN_OK)
			version = 0;
		rc = check_version(version, "backup", err);
	}
	if (rc == CWYN_OK)
		rc = check_chain(db, "backup", &info->audit_entries, err);
	if (rc == CWYN_OK)
		rc = db_query_int(db, "SELECT COUNT(*) FROM cases", NULL, 0,
		                  &info->cases, err);
	/* Back to a rollback journal: the copy is one file, no -wal. */
	if (rc == CWYN_OK)
		rc = db_exec_script(db, "PRAGMA journal_mode=DELETE", err);
	info->schema_version = version;
	info->kind = DB_SQLITE;
	db_close(db);
	return rc;
}

static enum cwyn_code backup_sqlite(const char *url, const char *out_path,
                                    const char *actor,
                                    struct backup_info *info,
                                    struct cwyn_error *err)
{
	const char *live = url_sqlite_path(url);
	char tmp[PATH_MAX] = "";
	struct db *db = NULL;
	if (!file_exists(live))
		return cwyn_fail(err, CWYN_ENOTFOUND, "database",
		                 "there is no database at %s", live);
	if (same_file(live, out_path))
		return cwyn_fail(err, CWYN_EINVAL, "output",
		                 N_("the backup cannot overwrite the database "
		                    "itself"));
	enum cwyn_code rc = db_open(url, &db, err);
	int version = 0;
	if (rc == CWYN_OK && store_db_version(db, &version, NULL) != CWYN_OK)
		version = 0;
	if (rc == CWYN_OK)
		rc = check_version(version, "database", err);
	if (rc == CWYN_OK)
		rc = temp_beside(out_path, tmp, sizeof tmp, err);
	if (rc == CWYN_OK)
		rc = db_sqlite_backup(db, tmp, err);
	if (rc == CWYN_OK)
		rc = check_sqlite_copy(tmp, info, err);
	if (rc == CWYN_OK)
		rc = commit_file(tmp, out_path, err);
	if (rc != CWYN_OK)
		goto out;
	tmp[0] = '\0'; /* renamed: nothing to clean up */
	info->bytes = file_size(out_path);
	char detail[PATH_MAX + 128];
	snprintf(detail, sizeof detail,
	         "to=%s schema=%d audit_entries=%" PRId64 " cases=%" PRId64,
	         out_path, info->schema_version, info->audit_entries,
	         info->cases);
	rc = audit_one(db, actor, "db.backup", detail, err);
out:
	remove_db_file(tmp);
	db_close(db);
	return rc;
}

/* The -wal beside a "backup" would hold commits a byte copy misses. */
static enum cwyn_code refuse_live_file(const char *path,
                                       struct cwyn_error *err)
{
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (file_size(wal) > 0)
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 "%s has a -wal file beside it: it is a live "
		                 "database, not a backup; make one with cwyn "
		                 "backup", path);
	return CWYN_OK;
}

/* Copy the backup to tmp (which must exist) and check the copy, so the
 * backup itself is never written to. */
static enum cwyn_code check_sqlite_backup(const char *in_path,
                                          const char *tmp,
                                          struct backup_info *info,
                                          struct cwyn_error *err)
{
	enum cwyn_code rc = refuse_live_file(in_path, err);
	if (rc == CWYN_OK)
		rc = copy_file(in_path, tmp, err);
	if (rc == CWYN_OK)
		rc = check_sqlite_copy(tmp, info, err);
	info->bytes = file_size(in_path);
	return rc;
}

static enum cwyn_code restore_sqlite(const char *url, const char *in_path,
                                     const char *actor,
                                     struct backup_info *info,
                                     struct cwyn_error *err)
{
	const char *live = url_sqlite_path(url);
	char tmp[PATH_MAX] = "";
	struct db *db = NULL;
	if (same_file(live, in_path))
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("the backup is the database itself"));
	/* The checked copy sits beside the live database: same disk. */
	enum cwyn_code rc = temp_beside(live, tmp, sizeof tmp, err);
	if (rc == CWYN_OK)
		rc = check_sqlite_backup(in_path, tmp, info, err);
	if (rc != CWYN_OK)
		goto out;
	rc = db_open(url, &db, err);
	if (rc == CWYN_OK)
		rc = db_sqlite_restore(db, tmp, err);
	if (rc == CWYN_OK)
		rc = store_migrate(db, err);
	if (rc == CWYN_OK) {
		char detail[PATH_MAX + 128];
		snprintf(detail, sizeof detail,
		         "from=%s schema=%d audit_entries=%" PRId64
		         " cases=%" PRId64,
		         in_path, info->schema_version, info->audit_entries,
		         info->cases);
		rc = audit_one(db, actor, "db.restore", detail, err);
	}
out:
	remove_db_file(tmp);
	db_close(db);
	return rc;
}

/* ---- PostgreSQL tools -------------------------------------------------------- */

/* Find a PostgreSQL client program: $CWYN_PG_BIN first, then PATH. */
static enum cwyn_code find_tool(const char *name, char *out, size_t size,
                                struct cwyn_error *err)
{
	const char *pgbin = getenv("CWYN_PG_BIN");
	if (pgbin && *pgbin) {
		snprintf(out, size, "%s/%s", pgbin, name);
		if (access(out, X_OK) == 0)
			return CWYN_OK;
	}
	const char *path = getenv("PATH");
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		if (len > 0) {
			snprintf(out, size, "%.*s/%s", (int)len, path, name);
			if (access(out, X_OK) == 0)
				return CWYN_OK;
		}
		path += len;
		if (*path == ':')
			path++;
	}
	out[0] = '\0';
	return cwyn_fail(err, CWYN_ENOTFOUND, name,
	                 "%s was not found on PATH; install the PostgreSQL "
	                 "client programs (Debian: apt-get install "
	                 "postgresql-client)", name);
}

/* The first line of what a tool wrote to stderr (fd rewound here). */
static void tool_message(int fd, char *buf, size_t size)
{
	buf[0] = '\0';
	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	ssize_t n = read(fd, buf, size - 1);
	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/*
 * Run `prog` with argv (no shell), stdin from /dev/null, stdout into
 * out_fd (-1: /dev/null), and wait for it. A non-zero exit is CWYN_EIO
 * with the tool's first error line.
 */
static enum cwyn_code run_tool(const char *prog, char *const argv[],
                               int out_fd, struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	posix_spawn_file_actions_t fa;
	FILE *errf = tmpfile();
	if (errf == NULL)
		return cwyn_fail(err, CWYN_EIO, argv[0],
		                 "cannot create a temporary file: %s",
		                 strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
	pid_t pid;
	int src = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (src != 0) {
		rc = cwyn_fail(err, CWYN_EIO, argv[0], "cannot run %s: %s", prog,
		               strerror(src));
		goto out;
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = cwyn_fail(err, CWYN_EIO, argv[0],
			               "lost track of %s: %s", prog,
			               strerror(errno));
			goto out;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char msg[TOOL_ERR_MAX];
		tool_message(fileno(errf), msg, sizeof msg);
		rc = cwyn_fail(err, CWYN_EIO, argv[0], "%s failed: %s", argv[0],
		               msg[0] ? msg
		               : WIFEXITED(status) ? "it exited with an error"
		                                   : "it was killed");
	}
out:
	fclose(errf);
	return rc;
}

/*
 * The schema version inside a pg_dump archive: the largest version in
 * the COPY data of schema_migrations, as pg_restore prints it (0 when
 * the archive has no such table). Also proves the archive is readable.
 */
static enum cwyn_code archive_version(const char *pg_restore,
                                      const char *archive, int *out,
                                      struct cwyn_error *err)
{
	char *argv[] = {"pg_restore", "--data-only", "--table=schema_migrations",
	                "--file=-", (char *)archive, NULL};
	FILE *out_f = tmpfile();
	if (out_f == NULL)
		return cwyn_fail(err, CWYN_EIO, "pg_restore",
		                 "cannot create a temporary file: %s",
		                 strerror(errno));
	enum cwyn_code rc = run_tool(pg_restore, argv, fileno(out_f), err);
	*out = 0;
	if (rc == CWYN_OK) {
		char line[512];
		bool in_copy = false;
		rewind(out_f);
		while (fgets(line, sizeof line, out_f)) {
			if (!in_copy) {
				in_copy = strncmp(line, "COPY ", 5) == 0 &&
				          strstr(line, "schema_migrations") != NULL;
				continue;
			}
			if (strncmp(line, "\\.", 2) == 0) {
				in_copy = false;
				continue;
			}
			int v = atoi(line);
			if (v > *out)
				*out = v;
		}
	}
	fclose(out_f);
	return rc;
}

static enum cwyn_code check_pg_archive(const char *in_path,
                                       struct backup_info *info,
                                       struct cwyn_error *err)
{
	char pg_restore[PATH_MAX];
	enum cwyn_code rc = find_tool("pg_restore", pg_restore,
	                              sizeof pg_restore, err);
	if (rc != CWYN_OK)
		return rc;
	/* --list reads the whole table of contents: a damaged or truncated
	 * archive fails here. */
	char *argv[] = {"pg_restore", "--list", (char *)in_path, NULL};
	rc = run_tool(pg_restore, argv, -1, err);
	if (rc == CWYN_OK)
		rc = archive_version(pg_restore, in_path, &info->schema_version,
		                     err);
	if (rc == CWYN_OK)
		rc = check_version(info->schema_version, "backup", err);
	info->kind = DB_POSTGRES;
	info->cases = -1;
	info->bytes = file_size(in_path);
	return rc;
}

static enum cwyn_code backup_pg(const char *url, const char *out_path,
                                const char *actor, struct backup_info *info,
                                struct cwyn_error *err)
{
	char pg_dump[PATH_MAX], tmp[PATH_MAX] = "";
	struct db *db = NULL;
	enum cwyn_code rc = find_tool("pg_dump", pg_dump, sizeof pg_dump, err);
	if (rc == CWYN_OK)
		rc = db_open(url, &db, err);
	int version = 0;
	if (rc == CWYN_OK && store_db_version(db, &version, NULL) != CWYN_OK)
		version = 0;
	if (rc == CWYN_OK)
		rc = check_version(version, "database", err);
	if (rc == CWYN_OK)
		rc = check_chain(db, "database", &info->audit_entries, err);
	if (rc == CWYN_OK)
		rc = temp_beside(out_path, tmp, sizeof tmp, err);
	if (rc != CWYN_OK)
		goto out;
	{
		char file_arg[PATH_MAX + 16];
		snprintf(file_arg, sizeof file_arg, "--file=%s", tmp);
		/* The URL is one argv element: no shell ever parses it. */
		char *db_arg = malloc(strlen(url) + 16);
		if (db_arg == NULL) {
			rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
			goto out;
		}
		sprintf(db_arg, "--dbname=%s", url);
		char *argv[] = {"pg_dump", "--format=custom",
		                "--serializable-deferrable", "--no-password",
		                file_arg, db_arg, NULL};
		rc = run_tool(pg_dump, argv, -1, err);
		free(db_arg);
	}
	struct backup_info found = {0};
	if (rc == CWYN_OK)
		rc = check_pg_archive(tmp, &found, err);
	if (rc == CWYN_OK)
		rc = commit_file(tmp, out_path, err);
	if (rc != CWYN_OK)
		goto out;
	tmp[0] = '\0';
	info->kind = DB_POSTGRES;
	info->schema_version = found.schema_version;
	info->cases = -1;
	info->bytes = file_size(out_path);
	char detail[PATH_MAX + 128];
	snprintf(detail, sizeof detail, "to=%s schema=%d audit_entries=%" PRId64,
	         out_path, info->schema_version, info->audit_entries);
	rc = audit_one(db, actor, "db.backup", detail, err);
out:
	if (tmp[0])
		unlink(tmp);
	db_close(db);
	return rc;
}

static enum cwyn_code restore_pg(const char *url, const char *in_path,
                                 const char *actor, struct backup_info *info,
                                 struct cwyn_error *err)
{
	char pg_restore[PATH_MAX];
	struct db *db = NULL;
	enum cwyn_code rc = find_tool("pg_restore", pg_restore,
	                              sizeof pg_restore, err);
	if (rc == CWYN_OK)
		rc = check_pg_archive(in_path, info, err);
	if (rc != CWYN_OK)
		return rc;
	char *db_arg = malloc(strlen(url) + 16);
	if (db_arg == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	sprintf(db_arg, "--dbname=%s", url);
	/* --clean --if-exists drops what the archive recreates; one
	 * transaction makes the replacement all or nothing. */
	char *argv[] = {"pg_restore", "--clean", "--if-exists",
	                "--single-transaction", "--no-password", db_arg,
	                (char *)in_path, NULL};
	rc = run_tool(pg_restore, argv, -1, err);
	free(db_arg);
	if (rc == CWYN_OK)
		rc = db_open(url, &db, err);
	/* The chain can only be walked once it is in the database. */
	if (rc == CWYN_OK)
		rc = check_chain(db, "backup", &info->audit_entries, err);
	if (rc == CWYN_OK)
		rc = db_query_int(db, "SELECT COUNT(*) FROM cases", NULL, 0,
		                  &info->cases, err);
	if (rc == CWYN_OK)
		rc = store_migrate(db, err);
	if (rc == CWYN_OK) {
		char detail[PATH_MAX + 128];
		snprintf(detail, sizeof detail,
		         "from=%s schema=%d audit_entries=%" PRId64
		         " cases=%" PRId64,
		         in_path, info->schema_version, info->audit_entries,
		         info->cases);
		rc = audit_one(db, actor, "db.restore", detail, err);
	}
	db_close(db);
	return rc;
}

/* ---- Public ----------------------------------------------------------------- */

enum cwyn_code app_backup(const char *db_url, const char *out_path,
                          bool overwrite, const char *actor,
                          struct backup_info *info, struct cwyn_error *err)
{
	struct backup_info local;
	if (info == NULL)
		info = &local;
	*info = (struct backup_info){.cases = -1, .bytes = -1};
	if (db_url == NULL || *db_url == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "database",
		                 N_("no database given"));
	if (out_path == NULL || *out_path == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "output",
		                 N_("no backup file given"));
	if (strlen(out_path) >= PATH_MAX - 32)
		return cwyn_fail(err, CWYN_EINVAL, "output",
		                 N_("the path is too long"));
	struct stat st;
	if (stat(out_path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return cwyn_fail(err, CWYN_EINVAL, "output",
			                 "%s is a directory; name the backup file",
			                 out_path);
		if (!overwrite)
			return cwyn_fail(err, CWYN_ECONFLICT, "output",
			                 "%s already exists; use --force to "
			                 "replace it", out_path);
	}
	if (url_is_pg(db_url))
		return backup_pg(db_url, out_path, actor, info, err);
	enum cwyn_code rc = check_scheme(db_url, err);
	if (rc != CWYN_OK)
		return rc;
	return backup_sqlite(db_url, out_path, actor, info, err);
}

enum cwyn_code app_backup_check(const char *in_path, struct backup_info *info,
                                struct cwyn_error *err)
{
	struct backup_info local;
	if (info == NULL)
		info = &local;
	*info = (struct backup_info){.cases = -1, .bytes = -1};
	if (in_path == NULL || *in_path == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("no backup file given"));
	enum db_kind kind;
	enum cwyn_code rc = backup_kind(in_path, &kind, err);
	if (rc != CWYN_OK)
		return rc;
	if (kind == DB_POSTGRES)
		return check_pg_archive(in_path, info, err);
	char tmp[PATH_MAX] = "";
	rc = temp_in_tmpdir(in_path, tmp, sizeof tmp, err);
	if (rc == CWYN_OK)
		rc = check_sqlite_backup(in_path, tmp, info, err);
	remove_db_file(tmp);
	return rc;
}

enum cwyn_code app_restore(const char *db_url, const char *in_path,
                           const char *actor, struct backup_info *info,
                           struct cwyn_error *err)
{
	struct backup_info local;
	if (info == NULL)
		info = &local;
	*info = (struct backup_info){.cases = -1, .bytes = -1};
	if (db_url == NULL || *db_url == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "database",
		                 N_("no database given"));
	if (in_path == NULL || *in_path == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("no backup file given"));
	if (strlen(in_path) >= PATH_MAX - 32)
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("the path is too long"));
	enum db_kind kind;
	enum cwyn_code rc = backup_kind(in_path, &kind, err);
	if (rc != CWYN_OK)
		return rc;
	bool pg = url_is_pg(db_url);
	if (!pg && (rc = check_scheme(db_url, err)) != CWYN_OK)
		return rc;
	if (pg && kind != DB_POSTGRES)
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("this is an SQLite backup; it cannot be restored "
		                 "into PostgreSQL"));
	if (!pg && kind != DB_SQLITE)
		return cwyn_fail(err, CWYN_EINVAL, "input",
		                 N_("this is a PostgreSQL archive; it cannot be "
		                 "restored into SQLite"));
	if (pg)
		return restore_pg(db_url, in_path, actor, info, err);
	return restore_sqlite(db_url, in_path, actor, info, err);
}
