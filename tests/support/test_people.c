/*
 * test_people.c — authorities and staff for use-case tests (test_people.h).
 */
#include "test_people.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "store/store.h"

int64_t test_authority(struct db *db, const char *code)
{
	struct store_authority a = {
	    .code = code,
	    .name_en = "Test Council",
	    .name_cy = "Cyngor Prawf",
	    .policy_id = "wales-2014",
	    .policy_version = 1,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_authority_create(db, &a, &err), CWYN_OK);
	assert_true(a.id > 0);
	return a.id;
}

int64_t test_staff(struct db *db, int64_t authority, const char *username,
                   const char *display_name, const char *role,
                   struct app_actor *out)
{
	struct store_user u = {
	    .authority_id = authority,
	    .username = username,
	    .display_name = display_name != NULL ? display_name : username,
	    .role = role,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_user_create(db, &u, &err), CWYN_OK);
	if (out != NULL)
		assert_int_equal(app_actor_for_user(db, authority, username, out,
		                                    &err),
		                 CWYN_OK);
	return u.id;
}
