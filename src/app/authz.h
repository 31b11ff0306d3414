/*
 * authz.h — who may do what to which case: the one place the rules live.
 *
 * Every use case asks authz_check() before it reads or changes anything.
 * The answers, in order:
 *   1. Another authority's case does not exist for this user
 *      (CWYN_ENOTFOUND: never CWYN_EFORBIDDEN, which would leak that the
 *      reference is in use elsewhere).
 *   2. A restricted case (e.g. a staff member's own family) exists only for
 *      the users named on it (CWYN_ENOTFOUND otherwise, administrators
 *      included: a 403 would confirm the reference exists).
 *   3. Administrators manage users and policy; they see no case content
 *      (CWYN_EFORBIDDEN).
 *   4. An investigator sees only the cases assigned to them: they own the
 *      case or were appointed to one of its stages (CWYN_ENOTFOUND).
 *   5. The role must be allowed the action (CWYN_EFORBIDDEN): auditors
 *      only read; panel members and investigators only read and move the
 *      stages that are theirs.
 * The command-line operator (APP_ROLE_OPERATOR) passes 2-5: see app.h.
 */
#ifndef CWYN_APP_AUTHZ_H
#define CWYN_APP_AUTHZ_H

#include <stdbool.h>

#include "app/app.h"

enum authz_action {
	AZ_CASE_CREATE = 0,
	AZ_CASE_LIST,
	AZ_CASE_READ,
	AZ_CASE_ROUTE,    /* re-run triage */
	AZ_CASE_ADVANCE,  /* a lifecycle action on a stage */
	AZ_CLOCK_EXTEND,
	AZ_CASE_CLOSE,    /* close or reopen */
	AZ_CASE_AGREE,    /* record the complainant's agreement */
	AZ_OVERDUE_READ,
	AZ_AUDIT_VERIFY,  /* check the audit log's hash chain */
	AZ_REPORT_READ,   /* annual report, CSA return (counts, no names) */
	AZ_RETENTION_RUN, /* anonymise or delete cases past retention */
	AZ_SAR_EXPORT,    /* subject-access export about one person */
	AZ_ACTION__MAX
};

const char *authz_action_name(enum authz_action a); /* "case.read" */

/*
 * May ctx->actor do `action` to case `c`? c is NULL for actions not about
 * one case (create, list, overdue). Looks up named users and assignments
 * in ctx->db. CWYN_OK, CWYN_ENOTFOUND or CWYN_EFORBIDDEN, with err set.
 */
enum cwyn_code authz_check(const struct app_ctx *ctx,
                           enum authz_action action,
                           const struct store_case *c,
                           struct cwyn_error *err);

/* May the actor move a stage of this kind (after authz_check passed)? */
enum cwyn_code authz_check_stage(const struct app_ctx *ctx,
                                 enum stage_kind kind,
                                 struct cwyn_error *err);

/* Quiet form for lists: is the case visible to the actor at all? */
bool authz_can_see(const struct app_ctx *ctx, const struct store_case *c);

#endif
