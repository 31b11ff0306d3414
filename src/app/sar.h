/*
 * sar.h — a subject-access export: everything the authority holds about
 * one person, found by their name or e-mail address among the
 * complainants and representatives of its cases (UK GDPR Art. 15).
 *
 * For each such case: the case, its matters, stages, clocks, extensions,
 * timeline and letters, written to DIR/subject-access.json, with a
 * readable summary in DIR/subject-access.pdf (both owner-only).
 *
 * Third parties are redacted (docs/reports.md): other complainants' names,
 * e-mail addresses, telephone numbers and postal addresses become
 * "[third party]" wherever they appear (their own records and free text:
 * summaries, timeline details, letters); staff are shown by role only
 * ("[staff: complaints officer]"), never by name or username. Children
 * named on the person's own cases are the subject of their complaint and
 * are kept. Each case is read through app_case_read (authorised and
 * audited), and the export is one "sar.export" audit entry that names the
 * cases, not the person.
 */
#ifndef CWYN_APP_SAR_H
#define CWYN_APP_SAR_H

#include <stddef.h>

#include "app/app.h"

struct app_sar_result {
	size_t n_cases;
	char json_path[4096];
	char pdf_path[4096];
};

/* name or email (at least one). dir is created (0700) when missing. */
enum cwyn_code app_sar_export(const struct app_ctx *ctx, const char *name,
                              const char *email, const char *dir,
                              struct app_sar_result *out,
                              struct cwyn_error *err);

#endif
