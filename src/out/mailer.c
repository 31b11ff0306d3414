/*
 * mailer.c — the SMTP sender over libcurl (mailer.h has the rules: claim,
 * send, mark; backoff; no duplicates except the one documented window).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/arena.h"
#include "out/mailer.h"
#include "out/mime.h"
#include "out/outbox.h"
#include "store/audit.h"

/* The audit log's actor for everything the sender does. */
#define MAILER_ACTOR "mailer"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- Settings -------------------------------------------------------------- */

void mailer_config_from_env(struct mailer_config *cfg)
{
	const char *v;
	if ((v = getenv("CWYN_SMTP_URL")) && *v)
		cfg->smtp_url = v;
	if ((v = getenv("CWYN_MAIL_FROM")) && *v)
		cfg->from = v;
	if ((v = getenv("CWYN_MAIL_FROM_NAME")) && *v)
		cfg->from_name = v;
	if ((v = getenv("CWYN_SMTP_USER")) && *v)
		cfg->username = v;
	if ((v = getenv("CWYN_SMTP_PASSWORD")) && *v)
		cfg->password = v;
	if ((v = getenv("CWYN_SMTP_STARTTLS")) && *v)
		cfg->starttls = strcmp(v, "0") != 0;
	if ((v = getenv("CWYN_SMTP_CA_FILE")) && *v)
		cfg->ca_file = v;
	if ((v = getenv("CWYN_MAIL_MAX_ATTEMPTS")) && *v)
		cfg->max_attempts = atoi(v);
}

static bool has_ctl(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

enum cwyn_code mailer_config_check(const struct mailer_config *cfg,
                                   struct cwyn_error *err)
{
	const char *u = cfg->smtp_url;
	if (u == NULL || u[0] == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "smtp_url",
		                 "no SMTP server is set (--smtp or "
		                 "CWYN_SMTP_URL)");
	if ((strncasecmp(u, "smtp://", 7) != 0 &&
	     strncasecmp(u, "smtps://", 8) != 0) ||
	    has_ctl(u))
		return cwyn_fail(err, CWYN_EINVAL, "smtp_url",
		                 "the SMTP URL must start with smtp:// or "
		                 "smtps://");
	if (!mime_address_valid(cfg->from))
		return cwyn_fail(err, CWYN_EINVAL, "from",
		                 "the sender address (--from or CWYN_MAIL_FROM) "
		                 "is not a valid e-mail address");
	if (cfg->from_name && !mime_header_text_ok(cfg->from_name))
		return cwyn_fail(err, CWYN_EINVAL, "from_name",
		                 "the sender name may not contain line breaks "
		                 "or control characters");
	if (has_ctl(cfg->username) || has_ctl(cfg->password))
		return cwyn_fail(err, CWYN_EINVAL, "username",
		                 "the SMTP user name or password contains "
		                 "control characters");
	if (cfg->max_attempts < 0 || cfg->max_attempts > 100)
		return cwyn_fail(err, CWYN_EINVAL, "max_attempts",
		                 "max attempts must be 1 to 100");
	if (cfg->backoff_base_s < 0 || cfg->backoff_max_s < 0 ||
	    cfg->lease_s < 0 || cfg->timeout_s < 0)
		return cwyn_fail(err, CWYN_EINVAL, "backoff",
		                 "times may not be negative");
	return CWYN_OK;
}

static int max_attempts(const struct mailer_config *cfg)
{
	return cfg->max_attempts > 0 ? cfg->max_attempts
	                             : MAILER_DEFAULT_ATTEMPTS;
}

int64_t mailer_backoff(const struct mailer_config *cfg, int attempts)
{
	int64_t base = cfg->backoff_base_s > 0 ? cfg->backoff_base_s : 60;
	int64_t cap = cfg->backoff_max_s > 0 ? cfg->backoff_max_s : 6 * 3600;
	int64_t d = base;
	for (int i = 1; i < attempts && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

/* ---- One SMTP transaction ----------------------------------------------------- */

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *vctx)
{
	struct upload *u = vctx;
	size_t room = size * nmemb, left = u->len - u->pos;
	size_t n = left < room ? left : room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

enum send_result {
	SEND_OK = 0,
	SEND_TEMPORARY,  /* try this message again later */
	SEND_PERMANENT,  /* the relay refused this message for good */
	SEND_UNREACHABLE,/* no relay to talk to: stop the run */
	SEND_RESULT__MAX
};

static enum send_result smtp_send(const struct mailer_config *cfg,
                                  const char *to, const char *data,
                                  size_t len, char *why, size_t why_n)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	char from[MIME_ADDR_MAX + 3], rcpt[MIME_ADDR_MAX + 3];
	struct upload up = {.data = data, .len = len};
	struct curl_slist *rcpts = NULL;
	enum send_result r = SEND_TEMPORARY;
	long code = 0;
	CURL *c = curl_easy_init();
	if (c == NULL) {
		snprintf(why, why_n, "curl: out of memory");
		return SEND_UNREACHABLE;
	}
	snprintf(from, sizeof from, "<%s>", cfg->from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	rcpts = curl_slist_append(NULL, rcpt);
	if (rcpts == NULL) {
		snprintf(why, why_n, "curl: out of memory");
		r = SEND_UNREACHABLE;
		goto out;
	}
	long timeout = cfg->timeout_s > 0 ? cfg->timeout_s : 60;
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	if (cfg->starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->username) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		                 cfg->password ? cfg->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		r = SEND_OK;
		goto out;
	}
	snprintf(why, why_n, "%s%s%s", curl_easy_strerror(rc),
	         errbuf[0] ? ": " : "", errbuf);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		r = SEND_UNREACHABLE;
		break;
	default:
		/* The relay answered this message: 5xx is its final word,
		 * anything else (4xx, a dropped line) is worth retrying. */
		r = code >= 500 && code <= 599 ? SEND_PERMANENT
		                               : SEND_TEMPORARY;
		break;
	}
out:
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	return r;
}

/* ---- The run -------------------------------------------------------------------- */

/* Record the outcome of one message in one transaction with its audit
 * entry. */
static enum cwyn_code record(struct db *db, const struct outbox_row *row,
                             enum send_result r, const char *why,
                             const struct mailer_config *cfg, int64_t now,
                             struct mailer_stats *st,
                             struct cwyn_error *err)
{
	char detail[512];
	enum cwyn_code rc = db_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	bool give_up = r == SEND_PERMANENT ||
	               (r != SEND_OK && row->attempts >= max_attempts(cfg));
	if (r == SEND_OK) {
		rc = outbox_mark_sent(db, row->id, now, err);
		snprintf(detail, sizeof detail,
		         "outbox=%lld kind=%s to=%s message_id=%s attempts=%d",
		         (long long)row->id, row->kind, row->to_address,
		         row->message_id ? row->message_id : "",
		         row->attempts);
		if (rc == CWYN_OK)
			rc = audit_append(db, row->authority_id, MAILER_ACTOR,
			                  "mail.sent", row->case_id, detail, err);
	} else if (give_up) {
		rc = outbox_mark_failed(db, row->id, why, err);
		snprintf(detail, sizeof detail,
		         "outbox=%lld kind=%s to=%s attempts=%d error=%.300s",
		         (long long)row->id, row->kind, row->to_address,
		         row->attempts, why);
		if (rc == CWYN_OK)
			rc = audit_append(db, row->authority_id, MAILER_ACTOR,
			                  "mail.failed", row->case_id, detail, err);
	} else {
		rc = outbox_mark_retry(db, row->id,
		                       now + mailer_backoff(cfg, row->attempts),
		                       why, err);
	}
	if (rc != CWYN_OK) {
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db, err);
	if (rc != CWYN_OK)
		return rc;
	if (r == SEND_OK)
		st->sent++;
	else if (give_up)
		st->failed++;
	else
		st->retried++;
	return CWYN_OK;
}

enum cwyn_code mailer_run_once(struct db *db, const struct mailer_config *cfg,
                               int64_t now, struct mailer_stats *stats,
                               struct cwyn_error *err)
{
	struct mailer_stats local;
	struct mailer_stats *st = stats ? stats : &local;
	memset(st, 0, sizeof *st);
	enum cwyn_code rc = mailer_config_check(cfg, err);
	if (rc != CWYN_OK)
		return rc;
	pthread_once(&curl_once, curl_init);
	size_t batch = cfg->batch ? cfg->batch : 100;
	int lease = cfg->lease_s > 0 ? cfg->lease_s : 600;
	for (size_t i = 0; i < batch; i++) {
		struct arena ar;
		struct outbox_row row;
		bool got = false;
		arena_init(&ar, 0);
		/* 1. Claim, committed before anything is sent. */
		rc = db_begin(db, err);
		if (rc == CWYN_OK) {
			rc = outbox_claim(db, now, lease, cfg->from, &ar, &row,
			                  &got, err);
			if (rc == CWYN_OK)
				rc = db_commit(db, err);
			else
				db_rollback(db);
		}
		if (rc != CWYN_OK || !got) {
			arena_free(&ar);
			return rc;
		}
		/* 2. Build and send. A message that cannot be built (bad
		 * address stored before validation existed...) is a
		 * permanent failure, never a crash. */
		char why[512] = "";
		char *data = NULL;
		size_t len = 0;
		struct cwyn_error berr = {0};
		struct mime_message m = {
		    .from = cfg->from,
		    .from_name = cfg->from_name,
		    .to = row.to_address,
		    .subject = row.subject,
		    .message_id = row.message_id,
		    .date = now,
		    .body_text = row.body_text,
		    .body_html = row.body_html,
		    .auto_submitted = "auto-generated",
		};
		enum send_result r;
		if (mime_build(&ar, &m, &data, &len, &berr) != CWYN_OK) {
			snprintf(why, sizeof why, "%.60s: %.400s", berr.field,
			         berr.message);
			r = SEND_PERMANENT;
		} else {
			r = smtp_send(cfg, row.to_address, data, len, why,
			              sizeof why);
		}
		if (r != SEND_OK)
			snprintf(st->last_error, sizeof st->last_error, "%.250s",
			         why);
		/* 3. Mark. If this fails after a successful send, the lease
		 * runs out and the message goes again with the same
		 * Message-ID: the documented window. */
		rc = record(db, &row, r, why, cfg, now, st, err);
		arena_free(&ar);
		if (rc != CWYN_OK)
			return rc;
		if (r == SEND_UNREACHABLE) {
			st->stopped = true;
			return CWYN_OK;
		}
	}
	return CWYN_OK;
}
