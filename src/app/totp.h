/*
 * totp.h — time-based one-time passwords (RFC 6238 over RFC 4226 HOTP)
 * with HMAC-SHA1, 30-second steps and 6 digits, the settings every
 * authenticator app assumes; and RFC 4648 base32 for the secrets.
 *
 * Pure functions: the account side (enrolment, replay guard, audit) is in
 * totp.c behind accounts.h.
 */
#ifndef CWYN_APP_TOTP_H
#define CWYN_APP_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_WINDOW 1        /* steps accepted either side of now */

/* The step a Unix time falls in (floor(t / 30); negative times step 0). */
int64_t totp_step_of(int64_t unix_time);

/* The HOTP value for `counter` with `digits` digits (6..8), RFC 4226 §5.3. */
uint32_t totp_hotp(const unsigned char *key, size_t key_len, uint64_t counter,
                   int digits);

/*
 * Check a 6-digit code (spaces allowed between digits) against the steps
 * now-window .. now+window, each compared in constant time. Steps at or
 * before `not_after_step` are refused (already used: replay). On success
 * *matched is the step that matched.
 */
bool totp_verify(const unsigned char *key, size_t key_len, const char *code,
                 int64_t now, int window, int64_t not_after_step,
                 int64_t *matched);

/* RFC 4648 base32 without padding: writes NUL-terminated text; returns
 * false when `size` is too small. */
bool base32_encode(const unsigned char *in, size_t n, char *out, size_t size);

/* Decode base32 (case-insensitive, '=' padding and spaces ignored); false
 * for other characters, leftover bits that are not zero, or overflow. */
bool base32_decode(const char *in, unsigned char *out, size_t size,
                   size_t *n);

#endif
