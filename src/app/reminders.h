/*
 * reminders.h — the daily reminder job: what staff are told by e-mail
 * about the statutory clocks of their authority.
 *
 * For each running clock, as of ctx->today:
 *   - due within the timescale's remind_before_wd working days (policy;
 *     0 = no reminder) and not yet overdue: a REMINDER to the case owner,
 *     or to the authority's complaints officers when the case has no
 *     owner (or its owner has no e-mail address);
 *   - past its due date (breached): an ESCALATION to the authority's
 *     senior managers, once per breach;
 * and one DIGEST per person per day listing everything of theirs that is
 * due soon or overdue. Queueing is idempotent (outbox dedupe keys
 * "reminder:<clock>:<due>:u<user>", "escalation:<clock>:<due>:u<user>",
 * "digest:<user>:<date>"), so running the job twice the same day queues
 * nothing new, and a clock whose due date moves (an extension) earns a
 * fresh reminder for the new date.
 *
 * Data minimisation: e-mail leaves the secure system, so a message holds
 * only the case reference, the name of the step (the policy's label for
 * the timescale) and its due date — never names, children, addresses,
 * the complaint's subject or any other case content. A restricted case is
 * mentioned only to recipients allowed to see it (authz).
 *
 * Staff e-mail is bilingual, Welsh first, unless the person chose Welsh
 * or English (user_mail.language). Addresses come from user_mail; staff
 * without one are counted in no_address and skipped.
 *
 * One transaction: the messages are queued in the outbox together with
 * their timeline events and one audit entry "reminders.run"; the mailer
 * (out/mailer.h) sends them later.
 */
#ifndef CWYN_APP_REMINDERS_H
#define CWYN_APP_REMINDERS_H

#include <stddef.h>

#include "app/app.h"

struct app_reminders_result {
	size_t clocks;       /* running clocks looked at */
	size_t reminders;    /* newly queued */
	size_t escalations;  /* newly queued */
	size_t digests;      /* newly queued */
	size_t already;      /* messages found queued before (a re-run) */
	size_t no_address;   /* people who should have been told but have
	                      * no e-mail address */
};

/*
 * Run the job for ctx->actor's authority as of ctx->today. Only the
 * command-line operator and administrators may run it (CWYN_EFORBIDDEN):
 * it is a system job, and it shows the actor only counts.
 */
enum cwyn_code app_reminders_run(const struct app_ctx *ctx,
                                 struct app_reminders_result *out,
                                 struct cwyn_error *err);

#endif
