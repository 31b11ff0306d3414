/*
 * authz.c — the authorisation rules of authz.h, as one role-by-action
 * table and the visibility checks that come before it.
 */
#include "app/authz.h"

#include "i18n/i18n.h"
#include "store/db.h"

#define AB(a) (1u << (a))

static const char *const action_names[AZ_ACTION__MAX] = {
	"case.create",   /* AZ_CASE_CREATE */
	"case.list",     /* AZ_CASE_LIST */
	"case.read",     /* AZ_CASE_READ */
	"case.route",    /* AZ_CASE_ROUTE */
	"case.advance",  /* AZ_CASE_ADVANCE */
	"clock.extend",  /* AZ_CLOCK_EXTEND */
	"case.close",    /* AZ_CASE_CLOSE */
	"case.agree",    /* AZ_CASE_AGREE */
	"overdue.read",  /* AZ_OVERDUE_READ */
	"audit.verify",  /* AZ_AUDIT_VERIFY */
	"report.read",   /* AZ_REPORT_READ */
	"retention.run", /* AZ_RETENTION_RUN */
	"sar.export",    /* AZ_SAR_EXPORT */
};

#define READS (AB(AZ_CASE_LIST) | AB(AZ_CASE_READ) | AB(AZ_OVERDUE_READ))
#define CASEWORK                                                             \
	(((1u << AZ_ACTION__MAX) - 1u) &                                     \
	 ~(AB(AZ_AUDIT_VERIFY) | AB(AZ_REPORT_READ) | AB(AZ_RETENTION_RUN) | \
	   AB(AZ_SAR_EXPORT)))
#define ALL ((1u << AZ_ACTION__MAX) - 1u)

/* What each role may do, before visibility (rules 1-4) is applied. */
static const unsigned role_actions[APP_ROLE__MAX] = {
	/* Runs the procedure end to end (reg 5). */
	[APP_ROLE_COMPLAINTS_OFFICER] = CASEWORK | AB(AZ_REPORT_READ) |
	                                AB(AZ_SAR_EXPORT),
	/* Receives conference complaints, helps put them in writing, tries
	 * to resolve them (S0). */
	[APP_ROLE_CONFERENCE_CHAIR] = READS | AB(AZ_CASE_CREATE) |
	                              AB(AZ_CASE_ADVANCE) |
	                              AB(AZ_CLOCK_EXTEND) | AB(AZ_CASE_AGREE),
	/* The senior manager for child protection oversees everything. */
	[APP_ROLE_SENIOR_MANAGER] = CASEWORK | AB(AZ_REPORT_READ) |
	                            AB(AZ_SAR_EXPORT),
	/* Records the panel's steps. */
	[APP_ROLE_PANEL_MEMBER] = READS | AB(AZ_CASE_ADVANCE),
	/* Investigates the Stage 2 complaints assigned to them. */
	[APP_ROLE_INVESTIGATOR] = READS | AB(AZ_CASE_ADVANCE),
	/* Reads everything they may see, changes nothing; checks the
	 * audit log. */
	[APP_ROLE_AUDITOR] = READS | AB(AZ_AUDIT_VERIFY) | AB(AZ_REPORT_READ),
	/* Users and policy only; may check the audit log (no case content
	 * is shown by a check). */
	[APP_ROLE_ADMINISTRATOR] = AB(AZ_AUDIT_VERIFY),
	/* Reports (counts, no names) go to those who run and oversee the
	 * procedure and to auditors; retention is the operator's job (it
	 * runs where the database is); a subject-access export is made by
	 * the officers who hold the person's cases. */
	[APP_ROLE_OPERATOR] = ALL,
	/* The public complainant: sends a complaint, agrees its record and
	 * reads it through the secret link (app/public.h checks the link). */
	[APP_ROLE_COMPLAINANT] = AB(AZ_CASE_CREATE) | AB(AZ_CASE_AGREE) |
	                         AB(AZ_CASE_READ),
};

/* Which stages each role may move (AZ_CASE_ADVANCE). */
#define KB(k) (1u << (k))
#define ALL_KINDS ((1u << STAGE_KIND__MAX) - 1u)
static const unsigned role_kinds[APP_ROLE__MAX] = {
	[APP_ROLE_COMPLAINTS_OFFICER] = ALL_KINDS,
	[APP_ROLE_CONFERENCE_CHAIR] = KB(STAGE_KIND_CONFERENCE),
	[APP_ROLE_SENIOR_MANAGER] = ALL_KINDS,
	[APP_ROLE_PANEL_MEMBER] = KB(STAGE_KIND_PANEL),
	[APP_ROLE_INVESTIGATOR] = KB(STAGE_KIND_STAGE2),
	[APP_ROLE_AUDITOR] = 0,
	[APP_ROLE_ADMINISTRATOR] = 0,
	[APP_ROLE_OPERATOR] = ALL_KINDS,
};

const char *authz_action_name(enum authz_action a)
{
	return (unsigned)a < AZ_ACTION__MAX ? action_names[a] : "?";
}

static enum cwyn_code not_found(struct cwyn_error *err)
{
	return cwyn_fail(err, CWYN_ENOTFOUND, "case", N_("no such case"));
}

/* Named on a restricted case? The operator always is (see app.h). */
static enum cwyn_code named(const struct app_ctx *ctx,
                            const struct store_case *c, bool *out,
                            struct cwyn_error *err)
{
	*out = false;
	if (ctx->actor.user_id <= 0)
		return CWYN_OK;
	return store_case_access_has(ctx->db, c->authority_id, c->id,
	                             ctx->actor.user_id, out, err);
}

/* Assigned to the actor: they own it, or were appointed to a stage. */
static enum cwyn_code assigned(const struct app_ctx *ctx,
                               const struct store_case *c, bool *out,
                               struct cwyn_error *err)
{
	*out = false;
	if (ctx->actor.user_id <= 0)
		return CWYN_OK;
	if (c->owner_user_id == ctx->actor.user_id) {
		*out = true;
		return CWYN_OK;
	}
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(c->id), DBV_INT(c->authority_id),
	                       DBV_INT(ctx->actor.user_id)};
	enum cwyn_code rc = db_query_int(
	    ctx->db,
	    "SELECT COUNT(*) FROM stages WHERE case_id = ? AND authority_id = ?"
	    " AND investigator_user_id = ?",
	    p, 3, &n, err);
	if (rc == CWYN_OK)
		*out = n > 0;
	return rc;
}

/* Rules 1-4: may the actor know the case exists and see its content? */
static enum cwyn_code visible(const struct app_ctx *ctx,
                              const struct store_case *c,
                              struct cwyn_error *err)
{
	enum app_role role = ctx->actor.role;
	enum cwyn_code rc;
	bool ok;

	if (c->authority_id != ctx->actor.authority_id)
		return not_found(err);
	if (role == APP_ROLE_OPERATOR)
		return CWYN_OK;
	/* Restricted before the administrator's refusal: a 403 would tell
	 * an administrator that a restricted reference exists. */
	if (c->restricted) {
		if ((rc = named(ctx, c, &ok, err)) != CWYN_OK)
			return rc;
		if (!ok)
			return not_found(err);
	}
	if (role == APP_ROLE_ADMINISTRATOR)
		return cwyn_fail(err, CWYN_EFORBIDDEN, "role",
		                 N_("administrators manage users and policy and "
		                 "may not see case content"));
	if (role == APP_ROLE_INVESTIGATOR) {
		if ((rc = assigned(ctx, c, &ok, err)) != CWYN_OK)
			return rc;
		if (!ok)
			return not_found(err);
	}
	return CWYN_OK;
}

enum cwyn_code authz_check(const struct app_ctx *ctx,
                           enum authz_action action,
                           const struct store_case *c,
                           struct cwyn_error *err)
{
	enum app_role role = ctx->actor.role;
	if ((unsigned)role >= APP_ROLE__MAX ||
	    (unsigned)action >= AZ_ACTION__MAX)
		return cwyn_fail(err, CWYN_EFORBIDDEN, "role", N_("unknown role"));
	if (c != NULL) {
		enum cwyn_code rc = visible(ctx, c, err);
		if (rc != CWYN_OK)
			return rc;
	}
	if (!(role_actions[role] & AB(action)))
		return cwyn_fail(err, CWYN_EFORBIDDEN, "role",
		                 "the role %s may not do %s",
		                 app_role_name(role), action_names[action]);
	return CWYN_OK;
}

enum cwyn_code authz_check_stage(const struct app_ctx *ctx,
                                 enum stage_kind kind,
                                 struct cwyn_error *err)
{
	enum app_role role = ctx->actor.role;
	if ((unsigned)role >= APP_ROLE__MAX || (unsigned)kind >= STAGE_KIND__MAX ||
	    !(role_kinds[role] & KB(kind)))
		return cwyn_fail(err, CWYN_EFORBIDDEN, "role",
		                 "the role %s may not move a %s stage",
		                 app_role_name(role),
		                 stage_kind_name(kind) ? stage_kind_name(kind)
		                                       : "?");
	return CWYN_OK;
}

bool authz_can_see(const struct app_ctx *ctx, const struct store_case *c)
{
	return visible(ctx, c, NULL) == CWYN_OK;
}
