/*
 * throttle.c — how often a username may be tried, and from where.
 *
 * Three brakes, all counted from the login_attempts rows:
 * - backoff: after `backoff_after` failures of an account name, each
 *   further attempt must wait backoff_base * 2^(extra failures) seconds
 *   (at most backoff_max) after the last failure;
 * - lockout: `lockout_failures` failures within `lockout_window` lock the
 *   name for `lockout_duration` (a "lockout" row marks the moment; after
 *   it expires counting starts afresh, and a success resets it too);
 * - per address: `addr_failures` failures from one remote address within
 *   `addr_window`, whatever the usernames, stop that address.
 * Names are counted whether or not such a user exists, so the brakes
 * behave the same for real and invented usernames and say nothing about
 * which exist. Attempts turned away by a brake are logged ("refused") but
 * not counted, so a lock ends when it says it will even while someone
 * keeps trying.
 */
#include "app/accounts_internal.h"

static const char *const verdict_names[THROTTLE__MAX] = {
	"allow",   /* THROTTLE_ALLOW */
	"backoff", /* THROTTLE_BACKOFF */
	"locked",  /* THROTTLE_LOCKED */
	"address", /* THROTTLE_ADDRESS */
};

const char *throttle_verdict_name(enum throttle_verdict v)
{
	return (unsigned)v < THROTTLE__MAX ? verdict_names[v] : "?";
}

/* The wait after `failures` failures: 0 before backoff starts. */
static int64_t backoff_delay(const struct account_settings *c,
                             int64_t failures)
{
	if (c->backoff_after <= 0 || failures < c->backoff_after ||
	    c->backoff_base <= 0)
		return 0;
	int64_t extra = failures - c->backoff_after;
	int64_t d = c->backoff_base;
	for (int64_t i = 0; i < extra && d < c->backoff_max; i++)
		d *= 2;
	return d > c->backoff_max ? c->backoff_max : d;
}

enum cwyn_code throttle_check(struct db *db, const struct account_settings *c,
                              int64_t authority_id, const char *username,
                              const char *remote_addr, int64_t now,
                              struct throttle_state *out,
                              struct cwyn_error *err)
{
	struct store_login_tally t;
	out->verdict = THROTTLE_ALLOW;
	out->retry_after = 0;
	out->failures = 0;
	enum cwyn_code rc = store_login_tally(db, authority_id, username,
	                                      now - c->lockout_window, &t, err);
	if (rc != CWYN_OK)
		return rc;
	out->failures = t.failures;
	if (t.mark_is_lockout && now < t.mark_at + c->lockout_duration) {
		out->verdict = THROTTLE_LOCKED;
		out->retry_after = t.mark_at + c->lockout_duration - now;
		return CWYN_OK;
	}
	int64_t wait = backoff_delay(c, t.failures);
	if (wait > 0 && now < t.last_failure_at + wait) {
		out->verdict = THROTTLE_BACKOFF;
		out->retry_after = t.last_failure_at + wait - now;
		return CWYN_OK;
	}
	if (remote_addr && remote_addr[0] && c->addr_failures > 0) {
		int64_t n = 0, oldest = 0;
		rc = store_login_addr_failures(db, remote_addr,
		                               now - c->addr_window, &n, &oldest,
		                               err);
		if (rc != CWYN_OK)
			return rc;
		if (n >= c->addr_failures) {
			out->verdict = THROTTLE_ADDRESS;
			out->retry_after = oldest + c->addr_window - now;
			if (out->retry_after < 1)
				out->retry_after = 1;
		}
	}
	return CWYN_OK;
}

enum cwyn_code throttle_failure(struct db *db, const struct account_settings *c,
                                int64_t authority_id, const char *username,
                                const char *remote_addr, int64_t now,
                                bool *locked_now, struct cwyn_error *err)
{
	struct store_login_tally t;
	*locked_now = false;
	enum cwyn_code rc = store_login_attempt_insert(
	    db, authority_id, username, remote_addr, now, STORE_LOGIN_FAILURE,
	    err);
	if (rc == CWYN_OK)
		rc = store_login_tally(db, authority_id, username,
		                       now - c->lockout_window, &t, err);
	if (rc != CWYN_OK)
		return rc;
	if (c->lockout_failures > 0 && t.failures >= c->lockout_failures) {
		rc = store_login_attempt_insert(db, authority_id, username,
		                                remote_addr, now,
		                                STORE_LOGIN_LOCKOUT, err);
		*locked_now = rc == CWYN_OK;
	}
	return rc;
}

enum cwyn_code throttle_record(struct db *db, const struct account_settings *c,
                               int64_t authority_id, const char *username,
                               const char *remote_addr, int64_t now,
                               enum store_login_outcome outcome,
                               struct cwyn_error *err)
{
	enum cwyn_code rc = store_login_attempt_insert(
	    db, authority_id, username, remote_addr, now, outcome, err);
	if (rc != CWYN_OK || outcome != STORE_LOGIN_SUCCESS)
		return rc;
	/* Keep a day beyond the longest window; older rows count for
	 * nothing (success rows older than that only reset old counts). */
	int64_t keep = c->lockout_window;
	if (c->lockout_duration > keep)
		keep = c->lockout_duration;
	if (c->addr_window > keep)
		keep = c->addr_window;
	return store_login_attempts_prune(db, now - keep - 86400, err);
}
