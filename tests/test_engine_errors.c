/*
 * test_engine_errors.c - the error convention in the engine's writers: a
 * write that fails returns a negative code with a message naming what
 * was being written, never a code with the message wiped by a dropped
 * error nearby.  The failure is made real: an SQLite trigger the test
 * adds refuses the insert.  A ballot name without a key is a dropped
 * error (ct_error_drop) and leaves nothing behind.
 */
#include "testutil.h"

#include "engine_fixture.h"
#include "tracker/link.h"
#include "tracker/sightings.h"

static const char doc_text[] =
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\nThe CA SHALL publish a list.\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
	"Effective 2024-06-01 the CA SHALL log every issuance decision.\n";

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	/* a ballot name with no key (not SMC/SC/CSC/NS + digits): its dates are linked by name alone */
	fx_commit(&fx, "TST.md", doc_text, "Ballot Cleanup-Twenty - first version", NULL);
	fx_import(&fx, "TST.md");
	return 0;
}

/* Run `fn` with inserts into `table` refused; it must fail with a message holding `needle`. */
static void refused_insert(int (*fn)(struct ct_db *, const struct query_doc *), const char *table, const char *needle)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON %s BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
		    table);
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(db_exec(fx.db, sql.buf), 0);
	ct_error_clear();
	int rc = fn(fx.db, &fx.doc);
	assert_true(rc < 0);
	const char *msg = ct_error_last();
	if (!msg || !strstr(msg, needle))
		fprintf(stderr, "message: %s\n", msg ? msg : "(none)");
	assert_non_null(msg);
	assert_non_null(strstr(msg, needle));
	assert_non_null(strstr(msg, "refused by the test"));
	db_rollback(fx.db);
	ct_error_clear();
	strbuf_release(&sql);
}

static void test_sightings_failure_is_said(void **state)
{
	(void)state;
	refused_insert(sightings_rebuild, "date_sightings", "recording a date sighting");
}

static void test_origins_failure_is_said(void **state)
{
	(void)state;
	refused_insert(link_date_origins, "date_origins", "recording a date origin");
}

/* Without the trigger both run clean: the dropped error of the keyless ballot name is gone. */
static void test_dropped_error_leaves_nothing(void **state)
{
	(void)state;
	assert_int_equal(db_begin(fx.db), 0);
	ct_error_clear();
	assert_int_equal(link_date_origins(fx.db, &fx.doc), 0);
	assert_int_equal(sightings_rebuild(fx.db, &fx.doc), 0);
	assert_null(ct_error_last());
	assert_int_equal(db_commit(fx.db), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sightings_failure_is_said),
		cmocka_unit_test(test_origins_failure_is_said),
		cmocka_unit_test(test_dropped_error_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
