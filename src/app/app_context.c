/*
 * app_context.c — the frame every use case runs in: who is acting (roles,
 * stored users, the command-line operator), the transaction, loading a
 * case through authz, the version check, timeline events and the one
 * audit entry, and small JSON helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_internal.h"
#include "i18n/i18n.h"
#include "store/audit.h"

static const char *const role_names[APP_ROLE__MAX] = {
	"complaints_officer", /* APP_ROLE_COMPLAINTS_OFFICER */
	"conference_chair",   /* APP_ROLE_CONFERENCE_CHAIR */
	"senior_manager",     /* APP_ROLE_SENIOR_MANAGER */
	"panel_member",       /* APP_ROLE_PANEL_MEMBER */
	"investigator",       /* APP_ROLE_INVESTIGATOR */
	"auditor",            /* APP_ROLE_AUDITOR */
	"administrator",      /* APP_ROLE_ADMINISTRATOR */
	"operator",           /* APP_ROLE_OPERATOR */
	"complainant",        /* APP_ROLE_COMPLAINANT */
};

const char *app_role_name(enum app_role r)
{
	return (unsigned)r < APP_ROLE__MAX ? role_names[r] : "?";
}

bool app_role_from_name(const char *s, enum app_role *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < APP_ROLE__MAX; i++) {
		if (strcmp(role_names[i], s) == 0) {
			*out = (enum app_role)i;
			return true;
		}
	}
	return false;
}

enum cwyn_code app_actor_for_user(struct db *db, int64_t authority_id,
                                  const char *username,
                                  struct app_actor *out,
                                  struct cwyn_error *err)
{
	struct arena ar;
	struct store_user u;
	enum app_role role;
	arena_init(&ar, 0);
	enum cwyn_code rc = store_user_get_by_username(db, authority_id,
	                                               username, &ar, &u, err);
	if (rc == CWYN_OK && u.disabled)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "user", N_("no such user"));
	/* The stored role names are the first seven app roles; "operator"
	 * is never stored, so it cannot be claimed by a user row. */
	if (rc == CWYN_OK && (!app_role_from_name(u.role, &role) ||
	                      role == APP_ROLE_OPERATOR ||
	                      role == APP_ROLE_COMPLAINANT))
		rc = cwyn_fail(err, CWYN_EINVAL, "role", N_("unknown role"));
	if (rc == CWYN_OK) {
		out->user_id = u.id;
		out->username = username;
		out->role = role;
		out->authority_id = authority_id;
	}
	arena_free(&ar);
	return rc;
}

/* ---- The command-line operator ----------------------------------------- */

static int first_authority_row(void *vctx, const struct db_value *cols,
                               size_t n)
{
	int64_t *id = vctx;
	if (n > 0 && cols[0].type != DB_NULL)
		*id = cols[0].type == DB_INT ? cols[0].i
		                             : (int64_t)strtoll(cols[0].s, NULL, 10);
	return 1;
}

enum cwyn_code app_cli_actor(struct db *db, const char *code,
                             const struct policy *policy, struct arena *ar,
                             struct app_actor *out,
                             struct store_authority *authority_out,
                             struct cwyn_error *err)
{
	struct store_authority a = {0};
	struct store_user u = {0};
	int64_t first = 0;
	enum cwyn_code rc = db_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	if (code == NULL) {
		rc = db_query(db, "SELECT id FROM authorities ORDER BY id LIMIT 1",
		              NULL, 0, first_authority_row, &first, err);
		if (rc != CWYN_OK)
			goto err;
		if (first > 0)
			rc = store_authority_get(db, first, ar, &a, err);
		else
			code = APP_DEMO_AUTHORITY;
	}
	if (rc == CWYN_OK && code != NULL) {
		rc = store_authority_get_by_code(db, code, ar, &a, err);
		if (rc == CWYN_ENOTFOUND && strcmp(code, APP_DEMO_AUTHORITY) == 0) {
			/* First use of an empty database: a demonstration
			 * authority, so `cwyn case new` works out of the box. */
			int64_t n = 0;
			rc = db_query_int(db, "SELECT COUNT(*) FROM authorities",
			                  NULL, 0, &n, err);
			if (rc == CWYN_OK && n > 0)
				rc = cwyn_fail(err, CWYN_ENOTFOUND, "authority",
				               "no authority with the code \"demo\"");
			if (rc == CWYN_OK) {
				a.code = APP_DEMO_AUTHORITY;
				a.name_en = "Demonstration council";
				a.name_cy = "Cyngor arddangos";
				a.policy_id = policy ? policy->id : "wales-2014";
				a.policy_version = policy ? policy->version : 1;
				rc = store_authority_create(db, &a, err);
			}
			if (rc == CWYN_OK)
				rc = audit_append(db, a.id, "system",
				                  "authority.create", 0,
				                  "code=demo (first use of the CLI)",
				                  err);
		} else if (rc == CWYN_ENOTFOUND) {
			rc = cwyn_fail(err, CWYN_ENOTFOUND, "authority",
			               N_("no authority with this code"));
		}
	}
	if (rc != CWYN_OK)
		goto err;
	rc = store_user_get_by_username(db, a.id, APP_CLI_USERNAME, ar, &u, err);
	if (rc == CWYN_ENOTFOUND) {
		/* Stored as an administrator: should anyone sign in to the web
		 * as "cli", they get no case content. Case work is granted to
		 * the operator role only at the command line (app.h). */
		memset(&u, 0, sizeof u);
		u.authority_id = a.id;
		u.username = APP_CLI_USERNAME;
		u.display_name = "Command-line operator";
		u.role = "administrator";
		rc = store_user_create(db, &u, err);
		if (rc == CWYN_OK)
			rc = audit_append(db, a.id, "system", "user.create", 0,
			                  "username=cli role=operator (CLI)", err);
	}
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(db, err);
	if (rc != CWYN_OK)
		return rc;
	out->user_id = u.id;
	out->username = APP_CLI_USERNAME;
	out->role = APP_ROLE_OPERATOR;
	out->authority_id = a.id;
	if (authority_out)
		*authority_out = a;
	return CWYN_OK;
err:
	db_rollback(db);
	return rc;
}

/* ---- Frame ----------------------------------------------------------------- */

static enum cwyn_code check_ctx(const struct app_ctx *ctx,
                                struct cwyn_error *err)
{
	if (ctx == NULL || ctx->db == NULL || ctx->policy == NULL ||
	    ctx->cal == NULL)
		return cwyn_fail(err, CWYN_EINTERNAL, "ctx",
		                 "the application context is incomplete");
	if (ctx->today == CWYN_DAY_NONE || !calendar_in_range(ctx->today))
		return cwyn_fail(err, CWYN_ERANGE, "today",
		                 "today's date is outside the calendar");
	if (ctx->actor.username == NULL || ctx->actor.authority_id <= 0)
		return cwyn_fail(err, CWYN_EFORBIDDEN, "actor",
		                 N_("nobody is signed in"));
	return CWYN_OK;
}

enum cwyn_code app_begin(const struct app_ctx *ctx, struct cwyn_error *err)
{
	enum cwyn_code rc = check_ctx(ctx, err);
	return rc ? rc : db_begin(ctx->db, err);
}

enum cwyn_code app_begin_read(const struct app_ctx *ctx,
                              struct cwyn_error *err)
{
	enum cwyn_code rc = check_ctx(ctx, err);
	return rc ? rc : db_begin_relaxed(ctx->db, err);
}

enum cwyn_code app_end(const struct app_ctx *ctx, enum cwyn_code rc,
                       struct cwyn_error *err)
{
	if (rc == CWYN_OK)
		rc = db_commit(ctx->db, err);
	else
		db_rollback(ctx->db);
	return rc;
}

enum cwyn_code app_load_case(const struct app_ctx *ctx, const char *reference,
                             enum authz_action action, struct arena *ar,
                             struct store_case *out, struct cwyn_error *err)
{
	if (app_blank(reference))
		return cwyn_fail(err, CWYN_EINVAL, "reference",
		                 N_("a case reference is required"));
	/* Only the actor's own authority is searched: another authority's
	 * reference is simply not found. */
	enum cwyn_code rc = store_case_get_by_reference(
	    ctx->db, ctx->actor.authority_id, reference, ar, out, err);
	if (rc == CWYN_ENOTFOUND)
		return cwyn_fail(err, CWYN_ENOTFOUND, "reference",
		                 N_("no such case"));
	if (rc != CWYN_OK)
		return rc;
	return authz_check(ctx, action, out, err);
}

enum cwyn_code app_check_version(const struct store_case *c, int64_t version,
                                 struct cwyn_error *err)
{
	if (version != 0 && version != c->version)
		return cwyn_fail(err, CWYN_ECONFLICT, "version",
		                 N_("the case was changed by someone else; reload"));
	return CWYN_OK;
}

enum cwyn_code app_check_open(const struct store_case *c,
                              struct cwyn_error *err)
{
	if (c->status && strcmp(c->status, "closed") == 0)
		return cwyn_fail(err, CWYN_ESTATE, "status",
		                 N_("the case is closed; reopen it first"));
	return CWYN_OK;
}

static char *dump(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                             JSON_ENSURE_ASCII)
	         : NULL;
}

enum cwyn_code app_event(const struct app_ctx *ctx, int64_t case_id,
                         const char *kind, json_t *detail,
                         struct cwyn_error *err)
{
	char *text = dump(detail);
	json_decref(detail);
	if (detail != NULL && text == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "event", "out of memory");
	struct store_event e = {
	    .case_id = case_id,
	    .authority_id = ctx->actor.authority_id,
	    .actor_user_id = ctx->actor.user_id > 0 ? ctx->actor.user_id : 0,
	    .kind = kind,
	    .detail_json = text,
	};
	enum cwyn_code rc = store_event_insert(ctx->db, &e, err);
	free(text);
	return rc;
}

enum cwyn_code app_audit(const struct app_ctx *ctx, const char *action,
                         int64_t case_id, json_t *detail,
                         struct cwyn_error *err)
{
	char *text = dump(detail);
	json_decref(detail);
	if (detail != NULL && text == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "audit", "out of memory");
	enum cwyn_code rc = audit_append(ctx->db, ctx->actor.authority_id,
	                                 ctx->actor.username, action, case_id,
	                                 text, err);
	free(text);
	return rc;
}

void app_case_ref_fill(struct app_case_ref *out, const struct store_case *c)
{
	if (out == NULL)
		return;
	out->case_id = c->id;
	snprintf(out->reference, sizeof out->reference, "%s", c->reference);
	out->version = c->version;
}

enum cwyn_code app_save_case(const struct app_ctx *ctx, struct store_case *c,
                             struct app_case_ref *out,
                             struct cwyn_error *err)
{
	enum cwyn_code rc = store_case_update(ctx->db, c, err);
	if (rc == CWYN_OK)
		app_case_ref_fill(out, c);
	return rc;
}

json_t *app_json_day(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	if (d == CWYN_DAY_NONE)
		return json_null();
	return json_string(date_format(d, buf));
}

json_t *app_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

char *app_json_dump(json_t *j, struct arena *ar)
{
	char *text = dump(j);
	json_decref(j);
	if (text == NULL)
		return NULL;
	char *copy = arena_strdup(ar, text);
	free(text);
	return copy;
}

bool app_blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

void app_now(char buf[STORE_TS_SIZE])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, STORE_TS_SIZE, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, STORE_TS_SIZE - n, ".%03dZ",
	         (int)(ts.tv_nsec / 1000000));
}
