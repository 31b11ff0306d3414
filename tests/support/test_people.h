/*
 * test_people.h — the councils and staff a use-case test starts from:
 * an authority on the Welsh default policy, and staff members with the
 * actor (src/app) the use cases take. Both fail the running cmocka test
 * when the store refuses them.
 */
#ifndef CWYN_TESTS_TEST_PEOPLE_H
#define CWYN_TESTS_TEST_PEOPLE_H

#include <stdint.h>

#include "app/app.h"
#include "store/db.h"

/* "Test Council" / "Cyngor Prawf" with the given code; its id. */
int64_t test_authority(struct db *db, const char *code);

/* A staff member of authority with role; display_name NULL means the
 * username. out (may be NULL) gets the actor for the use cases. Returns
 * the user's id. */
int64_t test_staff(struct db *db, int64_t authority, const char *username,
                   const char *display_name, const char *role,
                   struct app_actor *out);

#endif
