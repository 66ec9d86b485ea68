/*
 * cli.c - shared plumbing of the commands (see cli.h).
 */
#include "tracker/cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "importers/datephrase.h"
#include "importers/github.h"
#include "tracker/base/error.h"
#include "tracker/inforce.h"
#include "tracker/project.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/suggest.h"
#include "tracker/base/when.h"

const char *cli_db_path = "cabtrack.db";

/* Set once a usage error is printed: the command's cli_fail() then adds nothing. */
static int usage_printed;

int cli_fail(void)
{
	if (usage_printed)
		return CLI_EXIT_ERROR; /* the one line was printed by cli_usage_error */
	const char *msg = ct_error_last();
	/* one line, whatever the message quotes from its input */
	struct strbuf line = STRBUF_INIT;
	render_text_escape(&line, msg ? msg : "failed", strlen(msg ? msg : "failed"), 0);
	fprintf(stderr, "cabtrack: error: %s\n", line.buf);
	strbuf_release(&line);
	return CLI_EXIT_ERROR;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "cabtrack: error: %s: %s (see 'cabtrack %s --help')\n", cmd, sb.buf, cmd);
	strbuf_release(&sb);
	usage_printed = 1;
	return CLI_EXIT_ERROR;
}

int cli_unknown_word(const char *cmd, const char *what, const char *word, const char *const *names, size_t n)
{
	struct strbuf list = STRBUF_INIT;
	for (size_t k = 0; k < n; k++)
		strbuf_addf(&list, "%s%s", k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
	const char *near = suggest_nearest(word, names, n);
	if (near)
		cli_usage_error(cmd, "unknown %s '%s'; did you mean '%s'? (use %s)", what, word, near, list.buf);
	else
		cli_usage_error(cmd, "unknown %s '%s'; use %s", what, word, list.buf);
	strbuf_release(&list);
	return CLI_EXIT_ERROR;
}

/* argc as getopt sees it: relative dates ("-3m") moved past it (see protect_relative_dates). */
static int getopt_argc = -1;

void cli_getopt_reset(void)
{
	optind = 0; /* 0 makes glibc re-initialise */
	opterr = 0;
	getopt_argc = -1;
}

/* "-3m", "-2w", "-10d", "-1y": a relative date, not an option. */
static int is_relative_date(const char *a)
{
	if (a[0] != '-' || !isdigit((unsigned char)a[1]))
		return 0;
	const char *p = a + 1;
	while (isdigit((unsigned char)*p))
		p++;
	return !*p || (strchr("dwmy", *p) && !p[1]);
}

/* Whether argument `a` is an option that takes the next argument as its value. */
static int takes_value(const char *a, const char *shortopts, const struct option *longopts)
{
	if (!strncmp(a, "--", 2)) {
		if (!a[2] || strchr(a, '='))
			return 0;
		size_t len = strlen(a + 2), matches = 0;
		const struct option *hit = NULL;
		for (const struct option *o = longopts; o && o->name; o++)
			if (!strncmp(o->name, a + 2, len)) {
				if (strlen(o->name) == len) {
					hit = o, matches = 1;
					break;
				}
				hit = o, matches++;
			}
		return matches == 1 && hit->has_arg == required_argument;
	}
	if (a[0] == '-' && a[1] && !a[2]) {
		const char *at = strchr(shortopts, a[1]);
		return at && at[1] == ':';
	}
	return 0;
}

/*
 * `meeting add -3m` must not read -3 as an option: before the first
 * getopt_long call, relative dates that are operands (not the value of the
 * option before them) move to the end of argv, and getopt_long is given
 * the shorter argc, so they stay operands in their order.
 */
static void protect_relative_dates(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	int end = argc;
	for (int i = 1; i < end; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!is_relative_date(argv[i]) || takes_value(argv[i - 1], shortopts, longopts))
			continue;
		char *date = argv[i];
		memmove(argv + i, argv + i + 1, (size_t)(argc - i - 1) * sizeof(*argv));
		argv[argc - 1] = date;
		end--;
		i--;
	}
	getopt_argc = end;
}

/*
 * The one line for an option getopt_long refused, naming the option as the
 * user typed it: "option '--ballot' needs a value", "option '--balot' is
 * unknown; did you mean '--ballot'?", "option -x is unknown".
 */
static void usage_option_error(char **argv, const char *shortopts, const struct option *longopts)
{
	const char *typed = optind > 0 ? argv[optind - 1] : "";
	if (!strncmp(typed, "--", 2)) {
		size_t len = strcspn(typed + 2, "=");
		const struct option *exact = NULL;
		const char *names[128];
		size_t n = 0, matches = 0;
		for (const struct option *o = longopts; o && o->name; o++) {
			if (n < sizeof(names) / sizeof(names[0]))
				names[n++] = o->name;
			if (!strncmp(o->name, typed + 2, len)) {
				matches++;
				if (strlen(o->name) == len || !exact)
					exact = o;
			}
		}
		if (exact && (matches == 1 || strlen(exact->name) == len) && exact->has_arg == required_argument &&
		    !typed[2 + len]) {
			cli_usage_error(argv[0], "option '--%s' needs a value", exact->name);
			return;
		}
		if (exact && matches == 1 && exact->has_arg == no_argument && typed[2 + len] == '=') {
			cli_usage_error(argv[0], "option '--%s' takes no value", exact->name);
			return;
		}
		if (matches > 1) {
			cli_usage_error(argv[0], "option '%.*s' is ambiguous", (int)(len + 2), typed);
			return;
		}
		char word[64];
		snprintf(word, sizeof(word), "%.*s", (int)(len < 63 ? len : 63), typed + 2);
		const char *near = suggest_nearest(word, names, n);
		if (near)
			cli_usage_error(argv[0], "option '--%s' is unknown; did you mean '--%s'?", word, near);
		else
			cli_usage_error(argv[0], "option '--%s' is unknown", word);
		return;
	}
	/* a short option: optopt is the letter; it needs a value when shortopts says "x:" */
	const char *at = optopt ? strchr(shortopts, optopt) : NULL;
	if (optopt && at && at[1] == ':')
		cli_usage_error(argv[0], "option -%c needs a value", optopt);
	else if (optopt)
		cli_usage_error(argv[0], "option -%c is unknown", optopt);
	else
		cli_usage_error(argv[0], "option '%s' is unknown", typed);
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, const char *usage)
{
	int idx = 0;
	if (getopt_argc < 0)
		protect_relative_dates(argc, argv, shortopts, longopts);
	int c = getopt_long(getopt_argc < argc ? getopt_argc : argc, argv, shortopts, longopts, &idx);
	if (c == 'h') {
		fputs(usage, stdout);
		return -2;
	}
	if (c == '?' || c == ':') {
		usage_option_error(argv, shortopts, longopts);
		return -3;
	}
	return c;
}

int cli_query_option(struct cli_query_args *q, int c, const char *cmd)
{
	switch (c) {
	case 'd':
		q->doc = optarg;
		return 1;
	case 'a':
		q->at = optarg;
		return 1;
	case 'f':
		if (render_format_parse(&q->fmt, optarg) < 0) {
			cli_usage_error(cmd, "%s", ct_error_last());
			return -1;
		}
		return 1;
	}
	return 0;
}

int cli_parse_query_args(struct cli_query_args *q, int argc, char **argv, const char *usage, int max_args)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "h", longopts, usage)) != -1) {
		if (c == -2)
			return 0;
		if (c == -3 || cli_query_option(q, c, argv[0]) < 0)
			return CLI_EXIT_ERROR;
	}
	if (max_args >= 0 && argc - optind > max_args)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind + max_args]);
	return -1;
}

/* Prefix the error store's message with the option's name. */
static int option_error(const char *option)
{
	struct strbuf msg = STRBUF_INIT;
	strbuf_addstr(&msg, ct_error_last() ? ct_error_last() : "invalid value");
	ct_error_set(CT_EINVALID, "%s: %s", option, msg.buf);
	strbuf_release(&msg);
	return CT_EINVALID;
}

static void zone_note(const char *abbr, const char *zone)
{
	fprintf(stderr, "cabtrack: note: time zone '%s' taken as %s (standard and daylight time); name the zone to "
		"silence this note\n", abbr, zone);
}

int cli_day(struct ct_date *out, const char *option, const char *s)
{
	long days;
	if (when_parse_day(&days, s, when_today()) < 0)
		return option_error(option);
	*out = ct_date_from_days(days);
	return 0;
}

int cli_time(int64_t *out, const char *option, const char *s, const char *tz)
{
	const char *alias = NULL;
	if (when_parse_at(out, &alias, s, tz, when_today()) < 0)
		return option_error(option);
	if (alias)
		zone_note(alias, when_zone_alias(alias));
	return 0;
}

int cli_zone(const char **out, const char *option, const char *given)
{
	const char *alias = NULL;
	if (when_zone_resolve(out, &alias, given) < 0)
		return option_error(option);
	if (alias)
		zone_note(alias, *out);
	return 0;
}

int cli_open(struct ct_db **db, int write)
{
	struct db_open_options opts = DB_OPEN_OPTIONS_INIT;
	opts.flags = write ? DB_OPEN_WRITE : DB_OPEN_READ;
	return db_open(db, cli_db_path, &opts);
}

int cli_document(struct query_doc *out, struct ct_db *db, const char *given)
{
	const char *name = given ? given : cli_setting("cabtrack.document");
	int rc = query_document(out, db, name && *name ? name : NULL);
	if (rc == CT_ENOTFOUND && !given && name && *name)
		return ct_error_prefix(rc, "the project's default document (cabtrack.document): ");
	return rc;
}

int cli_target_open(struct cli_target *t, const char *doc, const char *at)
{
	memset(t, 0, sizeof(*t));
	if (cli_open(&t->db, 0) < 0)
		return CT_EDB;
	int rc = cli_document(&t->doc, t->db, doc);
	/* A ref, commit or version label, or a day: the version then (tracker/inforce.h). */
	if (rc == 0)
		rc = inforce_resolve_at(&t->at, t->db, &t->doc, at);
	if (rc == CT_EINVALID && at && ct_error_last() && strstr(ct_error_last(), "ambiguous (month first")) {
		/* "12/06/2023" is no ref; say why it is no day either. */
		rc = option_error("--at");
	}
	if (rc < 0)
		cli_target_release(t);
	return rc;
}

void cli_target_release(struct cli_target *t)
{
	if (!t)
		return;
	query_doc_release(&t->doc);
	db_free(t->db);
	t->db = NULL;
}

int cli_no_section(const struct cli_target *t, const char *at_given, const char *number)
{
	const char *ref = t->at.ref;
	return ct_error_set(CT_ENOTFOUND, "no section '%s' in %s at %s", number, t->doc.name,
			    at_given ? at_given : !strncmp(ref, "refs/heads/", 11) ? ref + 11 : ref);
}

int cli_section_check(const struct ct_section_list *sections, const struct cli_target *t, const char *at_given,
		      const char *number)
{
	size_t n = strlen(number);
	for (size_t i = 0; i < sections->n; i++) {
		const char *num = sections->items[i].number;
		if (num && !strncmp(num, number, n) && (!num[n] || num[n] == '.'))
			return 0;
	}
	return cli_no_section(t, at_given, number);
}

int cli_read_file(struct strbuf *sb, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ct_error_set(CT_ENOTFOUND, "cannot read '%s': %s", path, strerror(errno));
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		strbuf_add(sb, buf, n);
		if (sb->len > max) {
			fclose(f);
			return ct_error_set(CT_EINVALID, "'%s' is larger than %zu bytes", path, max);
		}
	}
	int err = ferror(f);
	fclose(f);
	if (err)
		return ct_error_set(CT_EINVALID, "cannot read '%s': %s", path, strerror(errno));
	return 0;
}

const char *cli_setting(const char *key)
{
	/* Read once per key and kept for the process: commands ask for a few keys. */
	static json_t *cache;
	if (!cache)
		cache = json_object();
	json_t *v = json_object_get(cache, key);
	if (!v) {
		char *value = project_get(cli_db_path, key);
		v = value ? json_string(value) : json_null();
		free(value);
		json_object_set_new(cache, key, v);
	}
	return json_string_value(v);
}

const char *cli_default_tz(void)
{
	const char *env = getenv("CABTRACK_TZ");
	if (env && *env)
		return env;
	return cli_setting("meeting.tz");
}

int cli_write_file(const char *path, const char *data, size_t len)
{
	if (!path) {
		if (fwrite(data, 1, len, stdout) != len)
			return ct_error_set(CT_ERROR, "cannot write the output");
		return 0;
	}
	/* A temporary file beside it, then a rename: a reader never sees half a file. */
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	FILE *f = fopen(tmp.buf, "wb");
	int rc = 0;
	if (!f) {
		rc = ct_error_set(CT_EINVALID, "cannot write '%s': %s", path, strerror(errno));
	} else {
		if (fwrite(data, 1, len, f) != len)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s': %s", path, strerror(errno));
		if (fclose(f) != 0 && rc == 0)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s': %s", path, strerror(errno));
		if (rc == 0 && rename(tmp.buf, path) != 0)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s': %s", path, strerror(errno));
		if (rc < 0)
			unlink(tmp.buf);
	}
	strbuf_release(&tmp);
	return rc;
}

/*
 * The first line of the token file, its line end (LF or CRLF) removed and
 * checked like every token (github_token_check).
 */
static int read_token_file(struct strbuf *token, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return ct_error_set(CT_EINVALID, "--token-file '%s': %s", path, strerror(errno));
	char buf[1024];
	size_t n;
	while (!memchr(token->buf, '\n', token->len) && token->len < 65536 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(token, buf, n);
	fclose(f);
	char *nl = memchr(token->buf, '\n', token->len);
	if (nl)
		strbuf_setlen(token, (size_t)(nl - token->buf));
	if (token->len && token->buf[token->len - 1] == '\r')
		strbuf_setlen(token, token->len - 1);
	struct strbuf source = STRBUF_INIT;
	strbuf_addf(&source, "--token-file '%s'", path);
	int rc = github_token_check(token->buf, token->len, source.buf);
	strbuf_release(&source);
	return rc;
}

int cli_github_token(struct strbuf *token, const char *token_file)
{
	const char *env = getenv("GITHUB_TOKEN");
	if (token_file)
		return read_token_file(token, token_file);
	if (!env || !*env)
		return 0;
	if (github_token_check(env, strlen(env), "$GITHUB_TOKEN") < 0)
		return CT_EINVALID;
	strbuf_addstr(token, env);
	return 0;
}
