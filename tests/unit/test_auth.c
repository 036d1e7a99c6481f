/*
 * test_auth.c - src/auth: roles and 三员分立, the password policy and
 * history, lockout arithmetic, sessions with an injected clock (idle and
 * absolute expiry).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "auth/password.h"
#include "auth/roles.h"
#include "auth/session.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void test_roles(void **state)
{
	struct fz_err e;
	unsigned r;
	char csv[128];
	json_t *a;

	(void)state;
	assert_int_equal(roles_from_csv("officer,head", "roles", &r, &e), 0);
	assert_int_equal(r, ROLE_OFFICER | ROLE_HEAD);
	roles_to_csv(r, csv, sizeof(csv));
	assert_string_equal(csv, "officer,head");
	assert_int_equal(roles_from_csv("法制审核人员", "roles", &r, &e), 0);
	assert_int_equal(r, ROLE_REVIEWER);
	assert_int_equal(roles_from_csv("officer,boss", "roles", &r, &e),
			 FZ_EINVAL);
	assert_non_null(strstr(e.msg, "boss"));
	/* 三员分立: any two administrator roles are refused */
	assert_int_equal(roles_from_csv("sysadmin,auditor", "roles", &r, &e),
			 FZ_EREFUSED);
	assert_string_equal(e.field, "roles");
	assert_int_equal(roles_check(ROLE_SECADMIN | ROLE_AUDITOR, "r", &e),
			 FZ_EREFUSED);
	/* an administrator role with a business role is refused too */
	assert_int_equal(roles_check(ROLE_SECADMIN | ROLE_VIEWER, "r", &e),
			 FZ_EREFUSED);
	assert_non_null(strstr(e.msg, "业务角色"));
	assert_int_equal(roles_check(ROLE_SECADMIN, "r", &e), 0);
	assert_int_equal(roles_check(ROLE_OFFICER | ROLE_HEAD, "r", &e), 0);
	/* an integration account takes business roles only */
	assert_int_equal(roles_check_account(ROLE_STATS, 1, "r", &e), 0);
	assert_int_equal(roles_check_account(ROLE_AUDITOR, 1, "r", &e),
			 FZ_EREFUSED);
	assert_int_equal(roles_check_account(ROLE_AUDITOR, 0, "r", &e), 0);
	a = json_pack("[s,s]", "sysadmin", "secadmin");
	assert_int_equal(roles_from_json(a, "roles", &r, &e), FZ_EREFUSED);
	json_decref(a);
}

static void test_policy(void **state)
{
	struct fz_err e;

	(void)state;
	assert_int_equal(pw_policy_check("Short1!", "u", &e), FZ_EREFUSED);
	assert_string_equal(e.field, "password");
	assert_int_equal(pw_policy_check("Alllowercase12", "u", &e), 0);
	assert_int_equal(pw_policy_check("alllowercase12", "u", &e),
			 FZ_EREFUSED);
	assert_int_equal(pw_policy_check("alllowercaseonly", "u", &e),
			 FZ_EREFUSED);
	assert_int_equal(pw_policy_check("Zhangsan-2024x", "zhangsan", &e),
			 FZ_EREFUSED);
	assert_int_equal(pw_policy_check("Good-Passw0rd", "zhangsan", &e), 0);
}

static void test_history(void **state)
{
	struct store_user *u = calloc(1, sizeof(*u));
	char pw[32];
	struct fz_err e;
	int i;

	(void)state;
	setenv("FAZHI_PWHASH_MEM_KIB", "8192", 1);
	snprintf(u->username, sizeof(u->username), "li");
	for (i = 0; i < 6; i++) {
		snprintf(pw, sizeof(pw), "Passw0rd-%d", i);
		assert_int_equal(pw_set(u, pw, &e), 0);
	}
	assert_true(pw_matches(u->pw_hash, "Passw0rd-5"));
	/* the current and the 4 before are refused; the 6th back is fine */
	for (i = 1; i <= 5; i++) {
		snprintf(pw, sizeof(pw), "Passw0rd-%d", i);
		assert_int_equal(pw_set(u, pw, &e), FZ_EREFUSED);
	}
	assert_true(pw_matches(u->pw_hash, "Passw0rd-5")); /* unchanged */
	assert_int_equal(pw_set(u, "Passw0rd-0", &e), 0);
	free(u);
}

static void test_lockout(void **state)
{
	struct store_user u;
	int64_t t = 1000000000;
	int i;

	(void)state;
	memset(&u, 0, sizeof(u));
	for (i = 1; i < PW_MAX_FAILURES; i++)
		assert_int_equal(pw_note_failure(&u, t), 0);
	assert_false(pw_is_locked(&u, t));
	assert_int_equal(pw_note_failure(&u, t), 1);
	assert_true(pw_is_locked(&u, t));
	assert_true(pw_is_locked(&u, t + PW_LOCK_MS - 1));
	assert_false(pw_is_locked(&u, t + PW_LOCK_MS));
	/* after the lock runs out, one failure does not lock again */
	assert_int_equal(pw_note_failure(&u, t + PW_LOCK_MS + 1), 0);
	assert_int_equal(u.failed_count, 1);
	pw_note_success(&u);
	assert_int_equal(u.failed_count, 0);
	u.disabled = 1;
	assert_true(pw_is_locked(&u, t));
}

static void test_sessions(void **state)
{
	struct session_table *t = session_table_new(1000, 10000);
	struct session s, out;
	char a[SESSION_TOKEN_LEN + 1], b[SESSION_TOKEN_LEN + 1];
	int64_t now = 5000;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.user_id = 7;
	session_create(t, &s, now, a);
	s.user_id = 8;
	session_create(t, &s, now, b);
	assert_int_equal(strlen(a), SESSION_TOKEN_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(session_check(t, a, now + 900, &out), 0);
	assert_int_equal(out.user_id, 7);
	assert_int_equal(strlen(out.csrf), SESSION_TOKEN_LEN);
	/* activity at +900 keeps it alive until +1900 */
	assert_int_equal(session_check(t, a, now + 1800, &out), 0);
	/* b was idle since +0: gone at +1001 */
	assert_int_equal(session_check(t, b, now + 1001, &out), -1);
	assert_int_equal(session_count(t), 1);
	/* absolute limit even when active */
	assert_int_equal(session_check(t, a, now + 2700, &out), 0);
	assert_int_equal(session_check(t, a, now + 3600, &out), 0);
	assert_int_equal(session_check(t, "nonsense", now, &out), -1);
	session_destroy_user(t, 7);
	assert_int_equal(session_check(t, a, now + 3700, &out), -1);
	session_table_free(t);

	t = session_table_new(1000, 2000);
	session_create(t, &s, 0, a);
	assert_int_equal(session_check(t, a, 900, &out), 0);
	assert_int_equal(session_check(t, a, 1800, &out), 0);
	assert_int_equal(session_check(t, a, 2001, &out), -1);
	session_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_history),  cmocka_unit_test(test_lockout),
	    cmocka_unit_test(test_sessions),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
