/*
 * totp.c — the TOTP second factor: RFC 4226/6238 arithmetic, base32
 * secrets, enrolment (a new 160-bit secret and its otpauth:// URI) and
 * the per-user check with replay protection.
 *
 * Codes are HMAC-SHA1, 30-second steps, 6 digits: what authenticator apps
 * assume when a URI says nothing else. One step either side of now is
 * accepted (clock drift, typing time), and the last step used is stored
 * per user so a code cannot be used twice, nor an older one after it.
 *
 * The secret itself is kept in users.totp_secret in base32: the server
 * has to compute codes, so it cannot keep only a hash. Protect backups of
 * the database accordingly.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "app/hmac_sha1.h"

int64_t totp_step_of(int64_t unix_time)
{
	return unix_time < 0 ? 0 : unix_time / TOTP_STEP_SECONDS;
}

uint32_t totp_hotp(const unsigned char *key, size_t key_len, uint64_t counter,
                   int digits)
{
	unsigned char msg[8], mac[SHA1_DIGEST_BYTES];
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (unsigned char)counter;
	hmac_sha1(key, key_len, msg, sizeof msg, mac);
	/* Dynamic truncation, RFC 4226 §5.3. */
	unsigned off = mac[SHA1_DIGEST_BYTES - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 |
	               (uint32_t)mac[off + 1] << 16 |
	               (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	sodium_memzero(mac, sizeof mac);
	uint32_t mod = 1;
	if (digits < 6)
		digits = 6;
	if (digits > 8)
		digits = 8;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

/* The typed code as exactly TOTP_DIGITS digits (spaces dropped). */
static bool code_digits(const char *code, char out[TOTP_DIGITS + 1])
{
	size_t n = 0;
	if (code == NULL)
		return false;
	for (const char *p = code; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == TOTP_DIGITS)
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n == TOTP_DIGITS;
}

bool totp_verify(const unsigned char *key, size_t key_len, const char *code,
                 int64_t now, int window, int64_t not_after_step,
                 int64_t *matched)
{
	char typed[TOTP_DIGITS + 1];
	if (!code_digits(code, typed))
		return false;
	int64_t at = totp_step_of(now);
	int64_t found = -1;
	/* Every candidate is computed and compared, found or not, so the
	 * time taken does not say which step matched. */
	for (int64_t d = -window; d <= window; d++) {
		int64_t step = at + d;
		if (step < 0)
			continue;
		char want[16];
		snprintf(want, sizeof want, "%0*u", TOTP_DIGITS,
		         (unsigned)totp_hotp(key, key_len, (uint64_t)step,
		                             TOTP_DIGITS));
		bool same = sodium_memcmp(want, typed, TOTP_DIGITS) == 0;
		sodium_memzero(want, sizeof want);
		if (same && step > not_after_step && found < 0)
			found = step;
	}
	if (found < 0)
		return false;
	*matched = found;
	return true;
}

/* ---- Base32 (RFC 4648 §6) --------------------------------------------------- */

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

bool base32_encode(const unsigned char *in, size_t n, char *out, size_t size)
{
	size_t need = (n * 8 + 4) / 5 + 1;
	if (size < need)
		return false;
	size_t o = 0;
	uint32_t buf = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		buf = buf << 8 | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	out[o] = '\0';
	return true;
}

bool base32_decode(const char *in, unsigned char *out, size_t size,
                   size_t *n)
{
	size_t o = 0;
	uint32_t buf = 0;
	int bits = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		int v;
		if (c == '=' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= '2' && c <= '7')
			v = c - '2' + 26;
		else
			return false;
		buf = (buf << 5 | (uint32_t)v) & 0xffffu;
		bits += 5;
		if (bits >= 8) {
			if (o == size)
				return false;
			out[o++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	/* Leftover bits must be the zero padding of the last character. */
	if ((buf & ((1u << bits) - 1)) != 0)
		return false;
	*n = o;
	return true;
}

/* ---- Accounts ------------------------------------------------------------------ */

bool totp_check_user(const char *secret_b32, const char *code, int64_t now,
                     int64_t last_step, int64_t *step)
{
	unsigned char key[64];
	size_t n = 0;
	if (secret_b32 == NULL || !base32_decode(secret_b32, key, sizeof key, &n) ||
	    n == 0)
		return false;
	bool ok = totp_verify(key, n, code, now, TOTP_WINDOW, last_step, step);
	sodium_memzero(key, sizeof key);
	return ok;
}

/* Percent-encode s into out (RFC 3986 unreserved characters kept). */
static void pct(char *out, size_t size, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

enum cwyn_code totp_enroll(struct accounts *acc, const char *actor,
                           int64_t authority_id, const char *username,
                           struct account_totp_enrolment *out,
                           struct cwyn_error *err)
{
	unsigned char key[TOTP_SECRET_BYTES];
	struct store_user u;
	struct store_authority a;
	struct arena ar;
	char issuer[96], label[256];
	arena_init(&ar, 0);
	memset(out, 0, sizeof *out);
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		goto out;
	randombytes_buf(key, sizeof key);
	base32_encode(key, sizeof key, out->secret, sizeof out->secret);
	sodium_memzero(key, sizeof key);
	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	rc = account_get_user(acc->db, authority_id, username, &ar, &u, err);
	if (rc == CWYN_OK)
		rc = store_authority_get(acc->db, authority_id, &ar, &a, err);
	if (rc != CWYN_OK)
		goto err;
	u.totp_secret = out->secret;
	rc = store_user_update(acc->db, &u, err);
	/* A new secret starts a new sequence of steps. */
	if (rc == CWYN_OK)
		rc = store_totp_reset(acc->db, u.id, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, authority_id, actor, "user.totp_enrol",
		                   err, "username=%s", username);
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	pct(issuer, sizeof issuer,
	    acc->cfg.totp_issuer ? acc->cfg.totp_issuer : "cwyn");
	{
		char who[160];
		snprintf(who, sizeof who, "%s@%s", username, a.code);
		pct(label, sizeof label, who);
	}
	/* issuer (95) twice + label (255) + secret (39) + the rest < 512 */
	int len = snprintf(out->uri, sizeof out->uri,
	                   "otpauth://totp/%.95s:%.255s?secret=%.39s"
	                   "&issuer=%.95s&algorithm=SHA1&digits=%d&period=%d",
	                   issuer, label, out->secret, issuer, TOTP_DIGITS,
	                   TOTP_STEP_SECONDS);
	if (len < 0 || (size_t)len >= sizeof out->uri)
		out->uri[0] = '\0';
	goto out;
err:
	db_rollback(acc->db);
out:
	if (rc != CWYN_OK)
		sodium_memzero(out, sizeof *out);
	arena_free(&ar);
	return rc;
}
