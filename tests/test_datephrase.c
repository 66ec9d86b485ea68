/* test_datephrase.c - dates in every style the documents use, calendar arithmetic, dated phrases. */
#include "testutil.h"

#include <time.h>

#include "importers/datephrase.h"
#include "tracker/base/error.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A copy of s in a heap block of exactly len bytes, so ASan catches any read past it. */
static char *exact_copy(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);
	memcpy(p, s, len);
	return p;
}

static size_t parse_exact(struct ct_date *d, const char *s, size_t len)
{
	char *p = exact_copy(s, len);
	size_t n = datephrase_parse_date(d, p, len);
	free(p);
	return n;
}

static void assert_date(struct ct_date d, int y, int m, int day)
{
	char got[11], want[11];
	struct ct_date w = { y, m, day };
	ct_date_format(got, &d);
	ct_date_format(want, &w);
	assert_string_equal(got, want);
}

static void test_parse_styles(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int y, m, d;
		size_t consumed;
	} cases[] = {
		{ "2024-09-15", 2024, 9, 15, 10 },
		{ "September 15, 2024", 2024, 9, 15, 18 },
		{ "September 15 2024", 2024, 9, 15, 17 },
		{ "Sept 2 2020", 2020, 9, 2, 11 },
		{ "Sep. 2, 2020", 2020, 9, 2, 12 },
		{ "15 September 2024", 2024, 9, 15, 17 },
		{ "13 Aug 2019", 2019, 8, 13, 11 },
		{ "1 October, 2021", 2021, 10, 1, 15 },
		{ "31-March-2026", 2026, 3, 31, 13 },
		{ "January 01, 2023", 2023, 1, 1, 16 },
		{ "March 1st, 2024", 2024, 3, 1, 15 },
		{ "2024/09/15", 2024, 9, 15, 10 },
		{ "2025-03-15T00:00:00Z", 2025, 3, 15, 10 },
		{ "2024-9-5", 2024, 9, 5, 8 },
		{ "september 15, 2024", 2024, 9, 15, 18 },
		{ "SEPTEMBER 15, 2024", 2024, 9, 15, 18 },
		{ "SEPT. 30, 2021", 2021, 9, 30, 14 },
		{ "Aug. 11, 2023", 2023, 8, 11, 13 },
		{ "Dec 31, 1999", 1999, 12, 31, 12 },
		{ "May 11, 2024", 2024, 5, 11, 12 },
		{ "February 29, 2024", 2024, 2, 29, 17 },
		{ "29 Feb 2000", 2000, 2, 29, 11 },
		{ "22nd March 2019", 2019, 3, 22, 15 },
		{ "3rd Jun 2021", 2021, 6, 3, 12 },
		{ "July 2nd 2025", 2025, 7, 2, 13 },
		{ "15th September, 2024", 2024, 9, 15, 20 },
		{ "1 Jan. 2020", 2020, 1, 1, 11 },
		{ "September 15,2024", 2024, 9, 15, 17 },
		{ "September  15 ,  2024", 2024, 9, 15, 21 },
		{ "September\n15, 2024", 2024, 9, 15, 18 },
		{ "   2024-09-15", 2024, 9, 15, 13 },
		{ "\t 15 September 2024", 2024, 9, 15, 19 },
		{ "September\xc2\xa0" "15, 2024", 2024, 9, 15, 19 },
		{ "1990-01-01", 1990, 1, 1, 10 },
		{ "2099-12-31", 2099, 12, 31, 10 },
		{ "31-Dec-2025", 2025, 12, 31, 11 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ct_date d = { 0, 0, 0 };
		size_t n = parse_exact(&d, cases[i].in, strlen(cases[i].in));
		if (n != cases[i].consumed)
			fail_msg("'%s': consumed %zu, want %zu", cases[i].in, n, cases[i].consumed);
		assert_date(d, cases[i].y, cases[i].m, cases[i].d);
	}
}

static void test_parse_followed_by_text(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t consumed;
	} cases[] = {
		{ "September 15, 2024 prior to issuing", 18 },
		{ "September 15, 2024, all newly-issued", 18 },
		{ "September 15, 2024.", 18 },
		{ "September 15, 2024)", 18 },
		{ "2024-09-15 |", 10 },
		{ "2024-09-15**", 10 },
		{ "15 September 2024_", 17 },
		{ "2024-09-15 00:00:00 UTC", 10 },
		{ "2024-09-15t12:00", 10 },
		{ "2024-09-15; and", 10 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ct_date d = { 0, 0, 0 };
		size_t n = parse_exact(&d, cases[i].in, strlen(cases[i].in));
		if (n != cases[i].consumed)
			fail_msg("'%s': consumed %zu, want %zu", cases[i].in, n, cases[i].consumed);
		assert_date(d, 2024, 9, 15);
	}
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"",
		"   ",
		"2023-02-30",
		"2023-02-29",
		"1900-02-29",
		"2024-13-01",
		"2024-00-10",
		"2024-09-00",
		"2024-09-32",
		"April 31, 2024",
		"September 15,",
		"September 15, ",
		"September 15, 202",
		"September 15",
		"September 2024",
		"Septem 15, 2024",
		"Septembers 15, 2024",
		"Sep 15, 24",
		"15 September",
		"15 Smarch 2024",
		"2024",
		"2024-09",
		"2024-09-15x",
		"2024-09-15.1",
		"2024-09-15-01",
		"2024/09-15",
		"2024-09/15",
		"20245-09-15",
		"1989-12-31",
		"2100-01-01",
		"September 15, 20245",
		"September 15, 2024x",
		"September 155, 2024",
		"September 015, 2024",
		"Section 4.2.2",
		"RFC 5280",
		"398 days",
		"1.0.10",
		"2.23.140.1.5.1.1",
		"v 1.0.0",
		"15-September 2024",
		"15 September-2024",
		"Sep.15 2024x",
		"15th of",
		"99999999999999999999999999 September 2024",
		"September 99999999999999999999, 2024",
		"September 15, 99999999999999999999",
		"September                                      15, 2024",
		"September\n\n15, 2024",
		"Mayday 1, 2024",
		"\xff\xfe 2024-09-15",
		"-2024-09-15",
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ct_date d = { 7, 7, 7 };
		size_t n = parse_exact(&d, cases[i], strlen(cases[i]));
		if (n != 0)
			fail_msg("'%s': took a date of %zu bytes", cases[i], n);
		assert_int_equal(d.year, 7); /* untouched */
	}
}

static void test_parse_never_reads_past_len(void **state)
{
	(void)state;
	static const char *const full[] = {
		"September 15, 2024", "2024-09-05", "31-March-2026", "March 1st, 2024",
		"Sep. 2, 2020", "15 September 2024", "September\xc2\xa0" "15, 2024",
	};
	for (size_t i = 0; i < ARRAY_SIZE(full); i++) {
		size_t len = strlen(full[i]);
		for (size_t cut = 0; cut < len; cut++) {
			struct ct_date d;
			size_t n = parse_exact(&d, full[i], cut);
			if (n != 0)
				fail_msg("'%.*s' (cut of '%s') took %zu bytes", (int)cut, full[i], full[i], n);
		}
		struct ct_date d;
		assert_int_equal(parse_exact(&d, full[i], len), len);
	}
	/* A cut that still is a date is that date. */
	struct ct_date cut;
	assert_int_equal(parse_exact(&cut, "2024-09-15", 9), 9);
	assert_date(cut, 2024, 9, 1);
	/* A NUL inside the length is just a byte. */
	struct ct_date d;
	assert_int_equal(parse_exact(&d, "2024-09-15\0x", 12), 10);
	assert_int_equal(parse_exact(&d, "September\0 15, 2024", 19), 0);
	assert_int_equal(datephrase_parse_date(&d, NULL, 0), 0);
}

static void test_format(void **state)
{
	(void)state;
	char buf[11];
	struct ct_date d = { 2024, 9, 5 };
	ct_date_format(buf, &d);
	assert_string_equal(buf, "2024-09-05");
	struct ct_date none = { 0, 0, 0 };
	ct_date_format(buf, &none);
	assert_string_equal(buf, "0000-00-00");
	struct ct_date odd = { 123456, -1, 100 };
	ct_date_format(buf, &odd);
	assert_int_equal(strlen(buf), 10);
}

static void test_parse_strict(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int y, m, d;
	} ok[] = {
		{ "2024-09-15", 2024, 9, 15 },
		{ "  September 15, 2024  ", 2024, 9, 15 },
		{ "**September 15, 2024**", 2024, 9, 15 },
		{ "*2025-03-15*", 2025, 3, 15 },
		{ "_15 September 2024_", 2024, 9, 15 },
		{ " ** Sep. 2, 2020 ** ", 2020, 9, 2 },
		{ "31-March-2026", 2026, 3, 31 },
		{ "March 1st, 2024\n", 2024, 3, 1 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct ct_date d = { 0, 0, 0 };
		if (ct_date_parse_strict(&d, ok[i].in) != 0)
			fail_msg("'%s' refused: %s", ok[i].in, ct_error_last());
		assert_date(d, ok[i].y, ok[i].m, ok[i].d);
	}
	static const char *const bad[] = {
		"", "  ", "**", "2024-09-15 and more", "on 2024-09-15", "2025-03-15T00:00:00Z",
		"2023-02-30", "September 15,", "TBD", "2024-09-15 2024-09-16", "n/a",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ct_date d = { 7, 7, 7 };
		ct_error_clear();
		assert_int_equal(ct_date_parse_strict(&d, bad[i]), CT_EINVALID);
		assert_int_equal(ct_error_code(), CT_EINVALID);
		assert_non_null(strstr(ct_error_last(), bad[i]));
		assert_int_equal(d.year, 7);
	}
	struct ct_date d;
	assert_int_equal(ct_date_parse_strict(&d, NULL), CT_EINVALID);
}

static void test_days(void **state)
{
	(void)state;
	struct ct_date epoch = { 1970, 1, 1 };
	assert_int_equal(ct_date_to_days(epoch), 0);
	struct ct_date y2k = { 2000, 3, 1 };
	assert_int_equal(ct_date_to_days(y2k), 11017);
	struct ct_date d = { 2024, 9, 15 };
	assert_int_equal(ct_date_to_days(d), 19981);
	struct ct_date before = { 1969, 12, 31 };
	assert_int_equal(ct_date_to_days(before), -1);
	assert_date(ct_date_from_days(-1), 1969, 12, 31);
	assert_date(ct_date_from_days(19981), 2024, 9, 15);

	/* Walk 1899-12-31 .. 2101-01-01 day by day against the month lengths. */
	struct ct_date cur = { 1899, 12, 31 };
	long n = ct_date_to_days(cur);
	while (cur.year <= 2100) {
		struct ct_date back = ct_date_from_days(n);
		assert_int_equal(ct_date_cmp(back, cur), 0);
		int y = cur.year;
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int last = cur.month == 2 && leap ? 29 : dim[cur.month - 1];
		if (++cur.day > last) {
			cur.day = 1;
			if (++cur.month > 12) {
				cur.month = 1;
				cur.year++;
			}
		}
		assert_int_equal(ct_date_to_days(cur), ++n);
	}
}

static void test_add(void **state)
{
	(void)state;
	static const struct {
		int y, m, d, months, ry, rm, rd;
	} mcases[] = {
		{ 2024, 1, 31, 1, 2024, 2, 29 },
		{ 2023, 1, 31, 1, 2023, 2, 28 },
		{ 2024, 3, 31, -1, 2024, 2, 29 },
		{ 2024, 9, 15, 6, 2025, 3, 15 },
		{ 2024, 9, 15, 18, 2026, 3, 15 },
		{ 2024, 9, 15, -3, 2024, 6, 15 },
		{ 2024, 1, 15, -13, 2022, 12, 15 },
		{ 2024, 12, 1, 1, 2025, 1, 1 },
		{ 2024, 5, 31, 0, 2024, 5, 31 },
		{ 2024, 8, 31, 1, 2024, 9, 30 },
		{ 2024, 2, 29, 12, 2025, 2, 28 },
		{ 2024, 2, 29, 48, 2028, 2, 29 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(mcases); i++) {
		struct ct_date d = { mcases[i].y, mcases[i].m, mcases[i].d };
		assert_date(ct_date_add_months(d, mcases[i].months), mcases[i].ry, mcases[i].rm, mcases[i].rd);
	}
	struct ct_date d = { 2024, 12, 31 };
	assert_date(ct_date_add_days(d, 1), 2025, 1, 1);
	assert_date(ct_date_add_days(d, -366), 2023, 12, 31);
	assert_date(ct_date_add_days(d, 0), 2024, 12, 31);
	struct ct_date feb = { 2024, 2, 28 };
	assert_date(ct_date_add_days(feb, 1), 2024, 2, 29);
	assert_date(ct_date_add_days(feb, 2), 2024, 3, 1);
	struct ct_date none = { 0, 0, 0 };
	assert_int_equal(ct_date_add_months(none, 5).year, 0);
	assert_int_equal(ct_date_add_days(none, 5).year, 0);
	/* Extreme arguments must not trap under UBSan. */
	struct ct_date x = ct_date_add_months(d, 2147483647);
	(void)x;
	x = ct_date_add_months(d, -2147483647 - 1);
	(void)x;
}

static void test_cmp_and_today(void **state)
{
	(void)state;
	struct ct_date a = { 2024, 9, 15 }, b = { 2024, 9, 16 }, c = { 2024, 10, 1 }, e = { 2025, 1, 1 };
	assert_true(ct_date_cmp(a, b) < 0);
	assert_true(ct_date_cmp(b, a) > 0);
	assert_true(ct_date_cmp(b, c) < 0);
	assert_true(ct_date_cmp(c, e) < 0);
	assert_int_equal(ct_date_cmp(a, a), 0);
	struct ct_date none = { 0, 0, 0 };
	assert_true(ct_date_cmp(none, a) < 0);

	struct ct_date t = ct_date_today();
	long now = (long)(time(NULL) / 86400);
	long got = ct_date_to_days(t);
	assert_true(got == now || got == now + 1); /* midnight may pass in between */
	assert_true(t.year >= 2024);
}

static void test_duration(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int months, days;
	} cases[] = {
		{ "+6 months", 6, 0 },
		{ "6 months", 6, 0 },
		{ "+12 months", 12, 0 },
		{ "+30 days", 0, 30 },
		{ "+1 year", 12, 0 },
		{ "2w", 0, 14 },
		{ " 18m ", 18, 0 },
		{ "+1 Month", 1, 0 },
		{ "3y", 36, 0 },
		{ "1 day", 0, 1 },
		{ "+0 days", 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ct_duration d = { -1, -1 };
		if (ct_duration_parse(&d, cases[i].in) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		assert_int_equal(d.months, cases[i].months);
		assert_int_equal(d.days, cases[i].days);
	}
	static const char *const bad[] = {
		"", "6", "months", "-6 months", "+6 fortnights", "6 months later", "2024-09-15", "+1e3d",
		"1234567 days",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ct_duration d = { -1, -1 };
		ct_error_clear();
		if (ct_duration_parse(&d, bad[i]) != CT_EINVALID)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(ct_error_last(), bad[i]));
		assert_int_equal(d.months, -1);
	}
	struct ct_duration d;
	assert_int_equal(ct_duration_parse(&d, NULL), CT_EINVALID);
}

/* One expected phrase: its kind, date and the exact text it covers. */
struct want {
	enum datephrase_kind kind;
	const char *date;
	const char *text;
};

static void check_find(const char *s, const struct want *want, size_t nwant)
{
	struct datephrase got[16];
	size_t len = strlen(s);
	char *p = exact_copy(s, len);
	size_t n = datephrase_find(got, ARRAY_SIZE(got), p, len);
	free(p);
	if (n != nwant)
		fail_msg("'%s': %zu phrases, want %zu", s, n, nwant);
	for (size_t i = 0; i < n; i++) {
		char date[11];
		ct_date_format(date, &got[i].date);
		assert_true(got[i].start < got[i].end && got[i].end <= len);
		size_t tl = got[i].end - got[i].start;
		if (got[i].kind != want[i].kind || strcmp(date, want[i].date) ||
		    tl != strlen(want[i].text) || memcmp(s + got[i].start, want[i].text, tl))
			fail_msg("'%s' phrase %zu: %s %s '%.*s', want %s %s '%s'", s, i,
				 datephrase_kind_name(got[i].kind), date, (int)tl, s + got[i].start,
				 datephrase_kind_name(want[i].kind), want[i].date, want[i].text);
	}
}

#define CHECK_FIND(s, ...)                                              \
	do {                                                            \
		static const struct want w_[] = { __VA_ARGS__ };         \
		check_find((s), w_, ARRAY_SIZE(w_));                    \
	} while (0)
#define CHECK_NONE(s) check_find((s), NULL, 0)

static void test_find_sbr_sentences(void **state)
{
	(void)state;
	CHECK_FIND("Starting on September 15, 2024 prior to issuing a Certificate that includes a Mailbox "
		   "Address, the CA SHOULD retrieve and process CAA records",
		   { DATEPHRASE_STARTING, "2024-09-15", "Starting on September 15, 2024" });
	CHECK_FIND("Effective March 15, 2025 the CA SHOULD implement a Linting process testing compliance "
		   "with these Requirements for S/MIME Certificates. Effective September 15, 2025 the CA "
		   "SHALL implement a Linting process testing compliance with these Requirements for S/MIME "
		   "Certificates.",
		   { DATEPHRASE_EFFECTIVE, "2025-03-15", "Effective March 15, 2025" },
		   { DATEPHRASE_EFFECTIVE, "2025-09-15", "Effective September 15, 2025" });
	CHECK_FIND("CAs SHOULD implement [Section 3.2.2.9](https://github.com/cabforum/servercert/blob/main/"
		   "docs/BR.md#3229-multi-perspective-issuance-corroboration) of the TLS Baseline "
		   "Requirements before March 15, 2025. Effective May 15, 2025 CAs SHALL implement",
		   { DATEPHRASE_PRIOR_TO, "2025-03-15", "before March 15, 2025" },
		   { DATEPHRASE_EFFECTIVE, "2025-05-15", "Effective May 15, 2025" });
	CHECK_FIND("On or after September 15, 2024, all newly-issued Publicly-Trusted end entity S/MIME "
		   "Certificates SHALL be issued from S/MIME Subordinate CAs",
		   { DATEPHRASE_ON_OR_AFTER, "2024-09-15", "On or after September 15, 2024" });
	CHECK_FIND("Following the Effective Date for v 1.0.0 of these Requirements (September 1, 2023) an "
		   "Extant S/MIME CA MAY continue to issue end entity S/MIME Certificates",
		   { DATEPHRASE_BARE, "2023-09-01", "September 1, 2023" });
	CHECK_NONE("SHALL be obtained no more than 398 days prior to issuing the Certificate");
	CHECK_FIND("That policy SHALL be consistent with these Requirements and SHALL clearly specify the "
		   "set of Issuer Domain Names that the CA recognizes in CAA `issuemail` records as "
		   "permitting it to issue.Starting on September 15, 2024 prior to issuing a Certificate",
		   { DATEPHRASE_STARTING, "2024-09-15", "Starting on September 15, 2024" });
	CHECK_FIND("For Audit Periods starting after April 1, 2025, the CA SHALL",
		   { DATEPHRASE_AFTER, "2025-04-01", "after April 1, 2025" });
	CHECK_FIND("a Certificate whose `notBefore` field is before September 1, 2023",
		   { DATEPHRASE_PRIOR_TO, "2023-09-01", "before September 1, 2023" });
	CHECK_FIND("| 1.0.4 | SMC05 | Introduction of CAA for S/MIME | May 11, 2024 | July 15, 2024 |",
		   { DATEPHRASE_BARE, "2024-05-11", "May 11, 2024" },
		   { DATEPHRASE_BARE, "2024-07-15", "July 15, 2024" });
}

static void test_find_br_sentences(void **state)
{
	(void)state;
	CHECK_FIND("These requirements apply only to relevant events that occur on or after 2012-07-01 "
		   "(the original effective date of these requirements).",
		   { DATEPHRASE_ON_OR_AFTER, "2012-07-01", "on or after 2012-07-01" });
	CHECK_FIND("| 1.2.0 | 125   | CAA Records | 2014-10-14 | 2015-04-15 |",
		   { DATEPHRASE_BARE, "2014-10-14", "2014-10-14" },
		   { DATEPHRASE_BARE, "2015-04-15", "2015-04-15" });
	CHECK_FIND("Effective March 15, 2026, this method SHALL NOT be used. Prior to 2024-03-15, the CA "
		   "MAY; Until 2026-09-15 the CA SHOULD",
		   { DATEPHRASE_EFFECTIVE, "2026-03-15", "Effective March 15, 2026" },
		   { DATEPHRASE_PRIOR_TO, "2024-03-15", "Prior to 2024-03-15" },
		   { DATEPHRASE_UNTIL, "2026-09-15", "Until 2026-09-15" });
	CHECK_FIND("maintain a mass revocation plan, and as of 2025-12-01 the CA",
		   { DATEPHRASE_STARTING, "2025-12-01", "as of 2025-12-01" });
	CHECK_FIND("date: 31-March-2026", { DATEPHRASE_BARE, "2026-03-31", "31-March-2026" });
	CHECK_FIND("National Institute of Standards and Technology, May 25, 2001.",
		   { DATEPHRASE_BARE, "2001-05-25", "May 25, 2001" });
	CHECK_FIND("The CA SHALL log the time (2025-03-15T00:00:00Z) of each check",
		   { DATEPHRASE_BARE, "2025-03-15", "2025-03-15" });
}

/* Typography does not change a date: Unicode hyphens, dashes, minus, no-break spaces; ranges are the input's. */
static void test_find_typography(void **state)
{
	(void)state;
	/* BR 7.2 as SC063 wrote it, with U+2010 hyphens */
	CHECK_FIND("Prior to 2024\u201003\u201015, the CA SHALL issue CRLs in accordance with the profile. "
		   "Effective 2024\u201003\u201015, the CA SHALL issue CRLs",
		   { DATEPHRASE_PRIOR_TO, "2024-03-15", "Prior to 2024\u201003\u201015" },
		   { DATEPHRASE_EFFECTIVE, "2024-03-15", "Effective 2024\u201003\u201015" });
	CHECK_FIND("until 2026\u201109\u201215 and on or after 2026\u201309\u201415 and by 2026\u221209\u221215",
		   { DATEPHRASE_UNTIL, "2026-09-15", "until 2026\u201109\u201215" },
		   { DATEPHRASE_ON_OR_AFTER, "2026-09-15", "on or after 2026\u201309\u201415" },
		   { DATEPHRASE_NO_LATER_THAN, "2026-09-15", "by 2026\u221209\u221215" });
	CHECK_FIND("Effective\u00a0March\u202f15,\u20092025 the CA SHALL",
		   { DATEPHRASE_EFFECTIVE, "2025-03-15", "Effective\u00a0March\u202f15,\u20092025" });
	CHECK_FIND("\u201cStarting on 31\u2011March\u20112026\u201d", { DATEPHRASE_STARTING, "2026-03-31", "Starting on 31\u2011March\u20112026" });
	CHECK_NONE("version 2024\u201003 and SC\u2010063");

	struct ct_date d;
	const char *cell = "2024\u201003\u201015 (note)";
	assert_int_equal(datephrase_parse_date(&d, cell, strlen(cell)), strlen("2024\u201003\u201015"));
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240315);
	assert_int_equal(ct_date_parse_strict(&d, "**2025\u201309\u201301**"), 0);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20250901);
	assert_true(ct_date_parse_strict(&d, "2025\u201309\u201301x") < 0);
	assert_non_null(strstr(ct_error_last(), "2025\u201309\u201301x"));
}

static void test_find_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum datephrase_kind kind;
		const char *text;
	} cases[] = {
		{ "Starting on 2024-09-15 x", DATEPHRASE_STARTING, "Starting on 2024-09-15" },
		{ "Starting 2024-09-15 x", DATEPHRASE_STARTING, "Starting 2024-09-15" },
		{ "Starting from 2024-09-15 x", DATEPHRASE_STARTING, "Starting from 2024-09-15" },
		{ "Beginning on 2024-09-15 x", DATEPHRASE_STARTING, "Beginning on 2024-09-15" },
		{ "beginning 2024-09-15 x", DATEPHRASE_STARTING, "beginning 2024-09-15" },
		{ "From 2024-09-15 x", DATEPHRASE_STARTING, "From 2024-09-15" },
		{ "As of 2024-09-15 x", DATEPHRASE_STARTING, "As of 2024-09-15" },
		{ "Commencing 2024-09-15 x", DATEPHRASE_STARTING, "Commencing 2024-09-15" },
		{ "commencing on 2024-09-15 x", DATEPHRASE_STARTING, "commencing on 2024-09-15" },
		{ "Effective 2024-09-15 x", DATEPHRASE_EFFECTIVE, "Effective 2024-09-15" },
		{ "Effective on 2024-09-15 x", DATEPHRASE_EFFECTIVE, "Effective on 2024-09-15" },
		{ "rule is effective as of 2024-09-15 x", DATEPHRASE_EFFECTIVE, "effective as of 2024-09-15" },
		{ "This rule is effective 2024-09-15.", DATEPHRASE_EFFECTIVE, "is effective 2024-09-15" },
		{ "effective from 2024-09-15", DATEPHRASE_EFFECTIVE, "effective from 2024-09-15" },
		{ "On or after 2024-09-15 x", DATEPHRASE_ON_OR_AFTER, "On or after 2024-09-15" },
		{ "on and after 2024-09-15 x", DATEPHRASE_ON_OR_AFTER, "on and after 2024-09-15" },
		{ "After 2024-09-15 x", DATEPHRASE_AFTER, "After 2024-09-15" },
		{ "Prior to 2024-09-15 x", DATEPHRASE_PRIOR_TO, "Prior to 2024-09-15" },
		{ "Before 2024-09-15 x", DATEPHRASE_PRIOR_TO, "Before 2024-09-15" },
		{ "On or before 2024-09-15 x", DATEPHRASE_ON_OR_BEFORE, "On or before 2024-09-15" },
		{ "No later than 2024-09-15 x", DATEPHRASE_NO_LATER_THAN, "No later than 2024-09-15" },
		{ "not later than 2024-09-15 x", DATEPHRASE_NO_LATER_THAN, "not later than 2024-09-15" },
		{ "done by 2024-09-15 x", DATEPHRASE_NO_LATER_THAN, "by 2024-09-15" },
		{ "Until 2024-09-15 x", DATEPHRASE_UNTIL, "Until 2024-09-15" },
		{ "1 January through 2024-09-15", DATEPHRASE_UNTIL, "through 2024-09-15" },
		{ "On 2024-09-15 x", DATEPHRASE_BARE, "2024-09-15" },
		{ "ON OR AFTER 2024-09-15", DATEPHRASE_ON_OR_AFTER, "ON OR AFTER 2024-09-15" },
		{ "On  or\tafter\n2024-09-15", DATEPHRASE_ON_OR_AFTER, "On  or\tafter\n2024-09-15" },
		{ "**Effective** 2024-09-15", DATEPHRASE_EFFECTIVE, "Effective** 2024-09-15" },
		{ "Effective **March 15, 2025**", DATEPHRASE_EFFECTIVE, "Effective **March 15, 2025" },
		{ "_Effective_ _2024-09-15_", DATEPHRASE_EFFECTIVE, "Effective_ _2024-09-15" },
		/* Lead-ins must be whole words right before the date. */
		{ "standby 2024-09-15", DATEPHRASE_BARE, "2024-09-15" },
		{ "Ineffective 2024-09-15", DATEPHRASE_BARE, "2024-09-15" },
		{ "thereafter 2024-09-15", DATEPHRASE_BARE, "2024-09-15" },
		{ "effective: 2024-09-15", DATEPHRASE_BARE, "2024-09-15" },
		{ "effective (2024-09-15)", DATEPHRASE_BARE, "2024-09-15" },
		{ "after the 2024-09-15", DATEPHRASE_BARE, "2024-09-15" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct want w = { cases[i].kind, "2024-09-15", cases[i].text };
		if (strstr(cases[i].in, "March 15, 2025"))
			w.date = "2025-03-15";
		check_find(cases[i].in, &w, 1);
	}
	/* The second phrase's lead-in never reaches back into the first. */
	CHECK_FIND("from 2024-09-15 until 2025-03-15",
		   { DATEPHRASE_STARTING, "2024-09-15", "from 2024-09-15" },
		   { DATEPHRASE_UNTIL, "2025-03-15", "until 2025-03-15" });
	CHECK_FIND("after 2024-09-15 2025-03-15",
		   { DATEPHRASE_AFTER, "2024-09-15", "after 2024-09-15" },
		   { DATEPHRASE_BARE, "2025-03-15", "2025-03-15" });
}

static void test_find_not_dates(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"",
		"Section 4.2.2 and RFC 5280 apply",
		"398 days prior to issuing",
		"version 1.0.10 of these Requirements",
		"OID 2.23.140.1.5.1.1 or 2.23.140.1.5.4.3",
		"In 2024 the Forum",
		"v12 May 2024",
		"1.15 September 2024",
		"SC-15 September 2024",
		"id2024-09-15",
		"x2024-09-15",
		"2024-09-15x",
		"foo_2024-09-15",
		"ABC15 September 2024",
		"2023-02-30 and 2024-13-01",
		"September 15, and 2024",
		"Truncated: September 15,",
		"Section 7.1.2.3 (2024)",
		"12345678901234567890 September 2024",
		"March 99, 2024",
		"May 2024 and June 2025",
		"2024-09-15.3",
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK_NONE(cases[i]);
	/* Preceded by text and followed by text. */
	CHECK_FIND("adopted 15 September 2024 by", { DATEPHRASE_BARE, "2024-09-15", "15 September 2024" });
	CHECK_FIND("\xe2\x80\x94September 15, 2024\xe2\x80\x94",
		   { DATEPHRASE_BARE, "2024-09-15", "September 15, 2024" });
	CHECK_FIND("2024-09-15", { DATEPHRASE_BARE, "2024-09-15", "2024-09-15" });
	/* Joined dates are one token, not two dates. */
	CHECK_NONE("x 2024-09-15/2025-03-15");
}

static void test_find_max(void **state)
{
	(void)state;
	const char *s = "2024-01-01 2024-01-02 before 2024-01-03 2024-01-04 2024-01-05";
	size_t len = strlen(s);
	assert_int_equal(datephrase_find(NULL, 0, s, len), 5);
	struct datephrase out[3];
	memset(out, 0, sizeof(out));
	struct datephrase guard = { { 9, 9, 9 }, DATEPHRASE_UNTIL, 1, 2 };
	struct datephrase big[4] = { { { 0, 0, 0 }, 0, 0, 0 }, { { 0, 0, 0 }, 0, 0, 0 },
				     { { 0, 0, 0 }, 0, 0, 0 }, guard };
	assert_int_equal(datephrase_find(big, 3, s, len), 5);
	assert_int_equal(big[3].date.year, 9); /* not written past max */
	assert_int_equal(big[2].kind, DATEPHRASE_PRIOR_TO);
	assert_int_equal(big[2].date.day, 3);
	assert_int_equal(datephrase_find(out, 3, s, 10), 1);
	assert_int_equal(datephrase_find(out, 3, NULL, 0), 0);
	assert_int_equal(datephrase_find(out, 3, s, 0), 0);
}

/* Deterministic pseudo-random bytes. */
static unsigned long rng_state = 12345;
static unsigned rnd(void)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33);
}

static void test_find_robust(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"September", "Sept", "Sep.", "15", "1st", ",", " ", "  ", "2024", "-", "/", "03", "31",
		"on or after", "Effective", "\n", "**", "_", "\xc2\xa0", "\xc2", "\xa0", "\xff", "\x80",
		"T", "12", "0", "99999999999", ".", "May", "2099", "1989", "\0",
	};
	for (int round = 0; round < 20000; round++) {
		char buf[256];
		size_t len = 0;
		int parts = (int)(rnd() % 12);
		for (int k = 0; k < parts; k++) {
			if (rnd() % 4 == 0) {
				buf[len++] = (char)(rnd() & 0xff);
			} else {
				const char *p = pieces[rnd() % ARRAY_SIZE(pieces)];
				size_t pl = *p ? strlen(p) : 1;
				if (len + pl > sizeof(buf))
					break;
				memcpy(buf + len, p, pl);
				len += pl;
			}
			if (len >= sizeof(buf) - 1)
				break;
		}
		char *p = exact_copy(buf, len);
		struct datephrase out[4];
		size_t n = datephrase_find(out, 4, p, len);
		size_t prev = 0;
		for (size_t i = 0; i < n && i < 4; i++) {
			assert_true(out[i].start >= prev && out[i].start < out[i].end && out[i].end <= len);
			assert_true(out[i].date.year >= 1990 && out[i].date.year <= 2099);
			prev = out[i].end;
		}
		struct ct_date d;
		size_t c = datephrase_parse_date(&d, p, len);
		assert_true(c <= len);
		free(p);
	}
	/* Large inputs stay fast: long runs of digits, spaces, and near-dates. */
	size_t big = 1 << 20;
	char *s = xmalloc(big);
	for (size_t i = 0; i < big; i++)
		s[i] = (char)('0' + i % 10);
	assert_int_equal(datephrase_find(NULL, 0, s, big), 0);
	memset(s, ' ', big);
	assert_int_equal(datephrase_find(NULL, 0, s, big), 0);
	for (size_t i = 0; i + 16 <= big; i += 16)
		memcpy(s + i, "September 15,   ", 16);
	assert_int_equal(datephrase_find(NULL, 0, s, big), 0);
	for (size_t i = 0; i < big; i++)
		s[i] = (char)(0x80 | (i & 0x7f));
	assert_int_equal(datephrase_find(NULL, 0, s, big), 0);
	for (size_t i = 0; i + 11 <= big; i += 11)
		memcpy(s + i, "2024-09-15 ", 11);
	assert_int_equal(datephrase_find(NULL, 0, s, big), big / 11);
	free(s);
}

static void test_kind_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"bare", "starting", "effective", "on-or-after", "after", "prior-to",
		"on-or-before", "no-later-than", "until",
	};
	for (int k = DATEPHRASE_BARE; k <= DATEPHRASE_UNTIL; k++)
		assert_string_equal(datephrase_kind_name((enum datephrase_kind)k), names[k]);
	assert_string_equal(datephrase_kind_name((enum datephrase_kind)99), "unknown");
}

/* Count the phrases of one kind and date in a file from the corpus. */
static size_t count_in(const struct strbuf *doc, enum datephrase_kind kind, const char *date)
{
	size_t n = datephrase_find(NULL, 0, doc->buf, doc->len), hits = 0;
	struct datephrase *all = xcalloc(n ? n : 1, sizeof(*all));
	assert_int_equal(datephrase_find(all, n, doc->buf, doc->len), n);
	for (size_t i = 0; i < n; i++) {
		char d[11];
		ct_date_format(d, &all[i].date);
		if (all[i].kind == kind && !strcmp(d, date))
			hits++;
	}
	free(all);
	return hits;
}

static void test_corpus_documents(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf sbr = STRBUF_INIT, br = STRBUF_INIT;
	assert_int_equal(tu_run(&sbr, NULL, "git -C '%s/smime.git' show main:SBR.md", corpus), 0);
	assert_int_equal(tu_run(&br, NULL, "git -C '%s/servercert-br.git' show main:docs/BR.md", corpus), 0);
	/* Section 4.2.2.1 phrases the CAA phase-in in its text. */
	assert_true(count_in(&sbr, DATEPHRASE_STARTING, "2024-09-15") >= 2);
	assert_true(count_in(&sbr, DATEPHRASE_EFFECTIVE, "2025-09-15") >= 1);
	assert_true(count_in(&sbr, DATEPHRASE_ON_OR_AFTER, "2024-09-15") >= 1);
	assert_true(count_in(&br, DATEPHRASE_EFFECTIVE, "2026-03-15") >= 9);
	assert_true(count_in(&br, DATEPHRASE_ON_OR_AFTER, "2012-07-01") >= 1);
	assert_true(count_in(&br, DATEPHRASE_BARE, "2026-03-31") >= 1); /* date: 31-March-2026 */
	strbuf_release(&sbr);
	strbuf_release(&br);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_styles),
		cmocka_unit_test(test_parse_followed_by_text),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_never_reads_past_len),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_strict),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_cmp_and_today),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_find_sbr_sentences),
		cmocka_unit_test(test_find_br_sentences),
		cmocka_unit_test(test_find_typography),
		cmocka_unit_test(test_find_kinds),
		cmocka_unit_test(test_find_not_dates),
		cmocka_unit_test(test_find_max),
		cmocka_unit_test(test_find_robust),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_corpus_documents),
	};
	return cmocka_run_group_tests_name("datephrase", tests, NULL, NULL);
}
