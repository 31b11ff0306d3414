/*
 * mailer.h — sends the outbox (outbox.h) over SMTP with libcurl.
 *
 * One run claims due messages one at a time, sends each as a proper RFC
 * 5322 message (mime.h) and records the outcome:
 *   - accepted by the relay: "sent", with an audit entry "mail.sent";
 *   - a temporary failure (4xx, connection refused, timeout): back to
 *     "pending" with next_attempt_at = now + base * 2^(attempts-1), capped
 *     at backoff_max_s; after max_attempts tries it is "failed";
 *   - a permanent refusal (5xx from the relay): "failed" at once;
 *   - "failed" always writes an audit entry "mail.failed" naming the row,
 *     so staff can see a reminder that never left.
 * A failure to reach or log in to the relay stops the run after that one
 * message: every other message would fail the same way, and burning their
 * attempts would only make them give up sooner.
 *
 * No duplicate sends: a message is claimed first — in its own committed
 * transaction it becomes "sending" with a lease (lease_until) — then
 * sent, then marked sent. Two senders cannot claim the same row. The one
 * window left is a crash (or a lost database) after the relay accepted
 * the message and before "sent" was committed: when the lease runs out
 * another run sends it again. That second copy carries the SAME
 * Message-ID (chosen at the first claim and stored), so mail systems and
 * people can recognise it as a repeat; keep lease_s longer than a send
 * can take (the default lease is 10 minutes, a send times out at 1).
 *
 * "now" is a parameter (Unix seconds) so tests can step through the
 * backoff; `cwyn serve` and `cwyn mail send` pass the real time.
 */
#ifndef CWYN_OUT_MAILER_H
#define CWYN_OUT_MAILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

struct mailer_config {
	const char *smtp_url;   /* "smtp://host:587" or "smtps://host:465" */
	const char *from;       /* envelope and From: address */
	const char *from_name;  /* display name, or NULL */
	const char *username;   /* NULL: no SMTP AUTH */
	const char *password;
	bool starttls;          /* smtp:// only: refuse to send without TLS */
	const char *ca_file;    /* NULL: the system's CA store */
	int max_attempts;       /* 0: MAILER_DEFAULT_ATTEMPTS */
	int backoff_base_s;     /* 0: 60 */
	int backoff_max_s;      /* 0: 6 hours */
	int lease_s;            /* 0: 600 */
	int timeout_s;          /* 0: 60 (connect and whole transfer) */
	size_t batch;           /* most messages per run; 0: 100 */
};

#define MAILER_DEFAULT_ATTEMPTS 8

/*
 * Fill cfg from the environment: CWYN_SMTP_URL, CWYN_MAIL_FROM,
 * CWYN_MAIL_FROM_NAME, CWYN_SMTP_USER, CWYN_SMTP_PASSWORD (the password
 * is taken only from the environment, never from a command line, where
 * other users could see it), CWYN_SMTP_STARTTLS=1, CWYN_SMTP_CA_FILE,
 * CWYN_MAIL_MAX_ATTEMPTS. Unset variables leave the field alone.
 */
void mailer_config_from_env(struct mailer_config *cfg);

/* Check the settings: the URL's scheme, the sender address, limits.
 * CWYN_EINVAL naming the setting ("smtp_url", "from", ...). */
enum cwyn_code mailer_config_check(const struct mailer_config *cfg,
                                   struct cwyn_error *err);

struct mailer_stats {
	size_t sent;
	size_t retried;   /* temporary failures, to be tried again */
	size_t failed;    /* given up (audited) */
	bool stopped;     /* the relay could not be reached: run ended early */
	char last_error[256];
};

/* The delay before attempt `attempts` + 1, after `attempts` failures. */
int64_t mailer_backoff(const struct mailer_config *cfg, int attempts);

/*
 * Send what is due at `now`, at most cfg->batch messages, and return.
 * Safe to run from several processes at once, and from `cwyn serve` on a
 * timer. CWYN_OK when the run went through, whatever the relay said (see
 * stats); an error only for bad settings or a database failure.
 */
enum cwyn_code mailer_run_once(struct db *db, const struct mailer_config *cfg,
                               int64_t now, struct mailer_stats *stats,
                               struct cwyn_error *err);

#endif
