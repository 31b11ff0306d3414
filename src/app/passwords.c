/*
 * passwords.c — the password rules, Argon2id hashing (libsodium
 * crypto_pwhash_str) and verification, with a dummy hash so that checking
 * a username that does not exist costs the same as checking one that
 * does.
 *
 * Strength is a setting: INTERACTIVE (64 MiB, 2 passes) by default,
 * MODERATE (256 MiB, 3 passes) for deployments that can afford ~0.7 s per
 * sign-in. A hash made with other parameters still verifies and is
 * replaced at the next successful login (password_needs_rehash), so
 * raising the setting upgrades every account that signs in.
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "i18n/i18n.h"

static const char *const pwhash_names[ACCOUNT_PWHASH__MAX] = {
	"interactive", /* ACCOUNT_PWHASH_INTERACTIVE */
	"moderate",    /* ACCOUNT_PWHASH_MODERATE */
};

const char *account_pwhash_name(enum account_pwhash p)
{
	return (unsigned)p < ACCOUNT_PWHASH__MAX ? pwhash_names[p] : "?";
}

bool account_pwhash_from_name(const char *s, enum account_pwhash *out)
{
	for (int i = 0; s && i < ACCOUNT_PWHASH__MAX; i++) {
		if (strcmp(s, pwhash_names[i]) == 0) {
			*out = (enum account_pwhash)i;
			return true;
		}
	}
	return false;
}

static void limits(enum account_pwhash s, unsigned long long *ops,
                   size_t *mem)
{
	if (s == ACCOUNT_PWHASH_MODERATE) {
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

/* ---- Rules ------------------------------------------------------------------ */

/* Count the code points of s if it is well-formed UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF); -1 otherwise. */
static long utf8_count(const unsigned char *s, size_t n)
{
	long count = 0;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (n - i < len)
			return -1;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return -1;
		i += len;
		count++;
	}
	return count;
}

static bool same_ignoring_ascii_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

enum cwyn_code account_password_rules(const char *username,
                                      const char *password,
                                      struct cwyn_error *err)
{
	if (password == NULL || password[0] == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "password",
		                 N_("a password is required"));
	size_t bytes = strlen(password);
	if (bytes > ACCOUNT_PASSWORD_MAX)
		return cwyn_fail(err, CWYN_EINVAL, "password",
		                 N_("the password must be at most 1024 bytes long"));
	long chars = utf8_count((const unsigned char *)password, bytes);
	if (chars < 0)
		return cwyn_fail(err, CWYN_EINVAL, "password",
		                 N_("the password must be valid UTF-8 text"));
	if (chars < ACCOUNT_PASSWORD_MIN)
		return cwyn_fail(err, CWYN_EINVAL, "password",
		                 N_("the password must be at least 12 characters "
		                 "long"));
	if (username && same_ignoring_ascii_case(username, password))
		return cwyn_fail(err, CWYN_EINVAL, "password",
		                 N_("the password must not be the username"));
	return CWYN_OK;
}

void account_password_generate(char *out, size_t size)
{
	/* No 0/O, 1/l/I: the password may be read out or copied by hand. */
	static const char alphabet[] =
	    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = size > 21 ? 20 : (size ? size - 1 : 0);
	if (accounts_crypto_init(NULL) != CWYN_OK) {
		if (size)
			out[0] = '\0';
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	if (size)
		out[n] = '\0';
}

/* ---- Hashing ---------------------------------------------------------------- */

enum cwyn_code password_hash(enum account_pwhash strength,
                             const char *password, char *out, size_t size,
                             struct cwyn_error *err)
{
	unsigned long long ops;
	size_t mem;
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		return rc;
	if (size < crypto_pwhash_STRBYTES)
		return cwyn_fail(err, CWYN_EINTERNAL, "password",
		                 "hash buffer too small");
	limits(strength, &ops, &mem);
	if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
		return cwyn_fail(err, CWYN_ENOMEM, "password",
		                 "not enough memory to hash the password");
	return CWYN_OK;
}

/*
 * One dummy hash per strength, made once per process (pthread_once: the
 * web server verifies from several threads). Its password is random and
 * forgotten, so nothing ever matches it.
 */
static pthread_once_t dummy_once[ACCOUNT_PWHASH__MAX] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static char dummy_hash[ACCOUNT_PWHASH__MAX][crypto_pwhash_STRBYTES];

static void make_dummy(enum account_pwhash s)
{
	char pw[ACCOUNT_TOKEN_SIZE];
	token_random(pw);
	if (password_hash(s, pw, dummy_hash[s], sizeof dummy_hash[s], NULL) !=
	    CWYN_OK)
		dummy_hash[s][0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

static void make_dummy_interactive(void)
{
	make_dummy(ACCOUNT_PWHASH_INTERACTIVE);
}

static void make_dummy_moderate(void)
{
	make_dummy(ACCOUNT_PWHASH_MODERATE);
}

static const char *dummy_for(enum account_pwhash s)
{
	static void (*const makers[ACCOUNT_PWHASH__MAX])(void) = {
	    make_dummy_interactive, /* ACCOUNT_PWHASH_INTERACTIVE */
	    make_dummy_moderate,    /* ACCOUNT_PWHASH_MODERATE */
	};
	if ((unsigned)s >= ACCOUNT_PWHASH__MAX)
		s = ACCOUNT_PWHASH_INTERACTIVE;
	pthread_once(&dummy_once[s], makers[s]);
	return dummy_hash[s];
}

/* Is hash an Argon2id string libsodium would accept? */
static bool plausible_hash(const char *hash)
{
	return hash != NULL &&
	       strncmp(hash, crypto_pwhash_STRPREFIX,
	               strlen(crypto_pwhash_STRPREFIX)) == 0 &&
	       strlen(hash) < crypto_pwhash_STRBYTES;
}

bool password_verify(enum account_pwhash strength, const char *hash,
                     const char *password)
{
	if (accounts_crypto_init(NULL) != CWYN_OK || password == NULL)
		return false;
	size_t len = strlen(password);
	/* Over-long passwords were never accepted, so they cannot match; they
	 * are still put through the dummy so they take the usual time. */
	bool usable = plausible_hash(hash) && len <= ACCOUNT_PASSWORD_MAX;
	const char *against = usable ? hash : dummy_for(strength);
	if (against[0] == '\0')
		return false;
	if (len > ACCOUNT_PASSWORD_MAX)
		len = ACCOUNT_PASSWORD_MAX;
	bool ok = crypto_pwhash_str_verify(against, password, len) == 0;
	return ok && usable;
}

bool password_needs_rehash(enum account_pwhash strength, const char *hash)
{
	unsigned long long ops;
	size_t mem;
	if (!plausible_hash(hash))
		return false;
	limits(strength, &ops, &mem);
	return crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0;
}
