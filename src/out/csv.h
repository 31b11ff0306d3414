/*
 * csv.h — writing CSV that is safe to open in a spreadsheet.
 *
 * RFC 4180: fields separated by commas, records ended by CRLF; a field
 * that holds a comma, a double quote, CR or LF is enclosed in double
 * quotes, and a double quote inside it is doubled.
 *
 * Formula injection (CWE-1236): a spreadsheet treats a cell that starts
 * with = + - @ TAB or CR as a formula, so free text such as a lesson
 * learned or a case summary could run one when a council officer opens
 * an export. Every text cell that starts with one of them gets a leading
 * apostrophe, which spreadsheets show as text and do not evaluate.
 * Numbers are written with csv_int / csv_pct and never need it.
 */
#ifndef CWYN_OUT_CSV_H
#define CWYN_OUT_CSV_H

#include <stdbool.h>
#include <stdint.h>

#include "core/escape.h"

struct csv {
	struct textbuf *tb;
	bool row_started; /* a field was written on this record */
};

void csv_init(struct csv *c, struct textbuf *tb);

/* A text cell (NULL: empty), quoted and neutralised as above. */
void csv_text(struct csv *c, const char *s);
/* An integer cell. */
void csv_int(struct csv *c, int64_t v);
/* A percentage with one decimal ("87.5"); empty when den is 0. */
void csv_pct(struct csv *c, int64_t num, int64_t den);
/* End the record (CRLF). */
void csv_end_row(struct csv *c);

#endif
