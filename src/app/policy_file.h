/*
 * policy_file.h — loading an authority's policy file from disk.
 *
 * The parser is in core (bytes in, struct out); this is the I/O around it.
 */
#ifndef CWYN_APP_POLICY_FILE_H
#define CWYN_APP_POLICY_FILE_H

#include "core/calendar.h"
#include "core/error.h"
#include "core/policy.h"

/* The Welsh default policy shipped with cwyn, relative to the data root. */
#define POLICY_DEFAULT_NAME "wales-2014.policy"

/*
 * Load and parse a policy file. path NULL means: $CWYN_POLICY if set, else
 * policy/wales-2014.policy under $CWYN_SOURCE_ROOT (or the source tree the
 * binary was built from). Errors name the file and line.
 */
enum cwyn_code policy_load_file(const char *path, struct policy **out,
                                struct cwyn_error *err);

/* Load a policy and build its calendar in one step (CLI convenience).
 * On failure both outputs are NULL. */
enum cwyn_code policy_load_with_calendar(const char *path,
                                         struct policy **policy_out,
                                         struct calendar **cal_out,
                                         struct cwyn_error *err);

#endif
