/*
 * i18n.c — a reader for GNU .mo catalogues (format documented in the
 * gettext manual, "The Format of GNU MO Files"), with lookups by binary
 * search over the sorted original strings that msgfmt writes.
 *
 * Why not dgettext(): it follows the process locale, needs cy_GB.UTF-8
 * generated on the machine, and switching per request is not thread-safe.
 */
#include "i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAX_BYTES (16u << 20)

struct mo_entry {
	const char *msgid;
	const char *msgstr;
};

static struct {
	unsigned char *data;
	size_t n;
	struct mo_entry *entries;
	int loaded;
} catalogue;

static _Thread_local enum language thread_language = LANG_EN;

static uint32_t read_u32(const unsigned char *p, int swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	if (swap)
		v = __builtin_bswap32(v);
	return v;
}

static enum cwyn_code read_file(const char *path, unsigned char **out,
                                size_t *len, struct cwyn_error *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return cwyn_fail(err, CWYN_ENOTFOUND, "catalogue",
		                 "cannot open the Welsh catalogue %s", path);
	unsigned char *buf = malloc(MO_MAX_BYTES);
	size_t n = buf ? fread(buf, 1, MO_MAX_BYTES, f) : 0;
	int bad = buf == NULL || ferror(f) || !feof(f);
	fclose(f);
	if (bad) {
		free(buf);
		return cwyn_fail(err, CWYN_EIO, "catalogue",
		                 "cannot read the Welsh catalogue %s", path);
	}
	*out = buf;
	*len = n;
	return CWYN_OK;
}

static enum cwyn_code parse(unsigned char *d, size_t len,
                            struct cwyn_error *err)
{
	if (len < 28)
		return cwyn_fail(err, CWYN_EINVAL, "catalogue", "too short");
	int swap = 0;
	if (read_u32(d, 0) != MO_MAGIC) {
		swap = 1;
		if (read_u32(d, 1) != MO_MAGIC)
			return cwyn_fail(err, CWYN_EINVAL, "catalogue",
			                 "not a .mo file");
	}
	uint32_t n = read_u32(d + 8, swap);
	uint32_t orig = read_u32(d + 12, swap);
	uint32_t trans = read_u32(d + 16, swap);
	if (n > len / 16 || orig > len - (size_t)n * 8 ||
	    trans > len - (size_t)n * 8)
		return cwyn_fail(err, CWYN_EINVAL, "catalogue", "corrupt table");
	struct mo_entry *e = calloc(n ? n : 1, sizeof *e);
	if (e == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "catalogue", "out of memory");
	size_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol = read_u32(d + orig + i * 8, swap);
		uint32_t oo = read_u32(d + orig + i * 8 + 4, swap);
		uint32_t tl = read_u32(d + trans + i * 8, swap);
		uint32_t to = read_u32(d + trans + i * 8 + 4, swap);
		if (oo >= len || ol >= len - oo || d[oo + ol] != '\0' ||
		    to >= len || tl >= len - to || d[to + tl] != '\0') {
			free(e);
			return cwyn_fail(err, CWYN_EINVAL, "catalogue",
			                 "corrupt string %u", i);
		}
		/* The empty msgid holds the header; fuzzy or empty
		 * translations fall back to English. */
		if (ol == 0 || tl == 0)
			continue;
		e[k].msgid = (const char *)d + oo;
		e[k].msgstr = (const char *)d + to;
		k++;
	}
	catalogue.entries = e;
	catalogue.n = k;
	return CWYN_OK;
}

enum cwyn_code i18n_init(const char *mo_path, struct cwyn_error *err)
{
	if (catalogue.loaded)
		return CWYN_OK;
	char buf[4096];
	const char *path = mo_path;
	if (path == NULL) {
		const char *dir = getenv("CWYN_LOCALEDIR");
		snprintf(buf, sizeof buf, "%s/cy/LC_MESSAGES/cwyn.mo",
		         dir && *dir ? dir : CWYN_BUILD_ROOT "/po");
		path = buf;
	}
	unsigned char *data = NULL;
	size_t len = 0;
	enum cwyn_code rc = read_file(path, &data, &len, err);
	if (rc != CWYN_OK)
		return rc;
	rc = parse(data, len, err);
	if (rc != CWYN_OK) {
		free(data);
		return rc;
	}
	catalogue.data = data;
	catalogue.loaded = 1;
	return CWYN_OK;
}

void i18n_shutdown(void)
{
	free(catalogue.entries);
	free(catalogue.data);
	memset(&catalogue, 0, sizeof catalogue);
}

static int cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct mo_entry *)elem)->msgid);
}

static const struct mo_entry *find(const char *msgid)
{
	if (!catalogue.loaded || msgid == NULL)
		return NULL;
	return bsearch(msgid, catalogue.entries, catalogue.n,
	               sizeof *catalogue.entries, cmp_entry);
}

const char *i18n_tr(enum language lang, const char *msgid)
{
	/* The empty msgid is the catalogue's header, never a translation. */
	if (lang != LANG_CY || msgid == NULL || msgid[0] == '\0')
		return msgid;
	const struct mo_entry *e = find(msgid);
	return e ? e->msgstr : msgid;
}

bool i18n_has(const char *msgid)
{
	return find(msgid) != NULL;
}

void i18n_set_thread_language(enum language lang)
{
	thread_language = lang;
}

enum language i18n_thread_language(void)
{
	return thread_language;
}
