/*
 * test_help.c - the help a newcomer gets beyond --help: the man page
 * (tracker/cabtrack.1) has a section for every command `cabtrack --help`
 * lists, naming each option of its --help, and the sections, settings and
 * environment it must; groff renders it without a warning; `make install`
 * puts the binary, the man page and the bash completion in place (PREFIX
 * and DESTDIR); the completion (tracker/cabtrack-completion.bash), run in
 * bash as bash runs it on TAB, completes commands, subcommands, options,
 * option values, refs and ballot IDs from a database made from a git
 * repository the test creates; and the hidden `__complete` prints nothing
 * and exits 0 without a database.
 */
#include "testutil.h"

#include <ctype.h>
#include <limits.h>

static char *tmp;
static char root[PATH_MAX];     /* the project's folder */
static char bindir[PATH_MAX];   /* the folder of the built cabtrack, absolute */
static char *repo, *db;

static void git(const char *args)
{
	int rc = tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@example.org %s", repo, args);
	assert_int_equal(rc, 0);
}

static void write_doc(const char *version, const char *ballot, const char *extra)
{
	struct strbuf f = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addf(&text,
		    "---\ntitle: Test Requirements\nsubtitle: Version %s\n---\n\n# 1. INTRODUCTION\n\n"
		    "### 1.2.1 Revisions\n\n| Version | Ballot | Description | Effective Date |\n|---|---|---|---|\n"
		    "| %s | %s | A version | 2024-03-01 |\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
		    "The CA SHALL log every issuance decision.\n%s",
		    version, version, ballot, extra);
	strbuf_addf(&f, "%s/DOC.md", repo);
	tu_write_file(f.buf, text.buf, text.len);
	strbuf_release(&f);
	strbuf_release(&text);
}

/*
 * main: SMC01 (tagged Ballot_SMC01), then SMC02 merged from a branch
 * (tagged Ballot_SMC02); imported into `db`.
 */
static void make_db(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/repo", tmp);
	repo = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/help.db", tmp);
	db = strbuf_detach(&sb, NULL);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", repo), 0);
	write_doc("1.0.0", "SMC01", "");
	git("add DOC.md");
	git("commit -q -m 'SMC01 - First version (#1)'");
	git("tag Ballot_SMC01");
	git("checkout -q -b second");
	write_doc("1.0.1", "SMC02", "\n## 4.2 Logs\n\nStarting on 2025-01-01 the CA SHALL keep logs.\n");
	git("commit -q -a -m 'Second version'");
	git("checkout -q main");
	git("merge -q --no-ff -m 'SMC02 - Second version (#2)' second");
	git("tag Ballot_SMC02");
	struct strbuf err = STRBUF_INIT;
	strbuf_addf(&sb, "import '%s' --path DOC.md", repo);
	int rc = tu_ct(NULL, &err, db, sb.buf);
	if (rc)
		fprintf(stderr, "import: exit %d: %s", rc, err.buf);
	assert_int_equal(rc, 0);
	strbuf_release(&sb);
	strbuf_release(&err);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	char here[PATH_MAX];
	const char *f = __FILE__, *slash = strrchr(f, '/');
	snprintf(here, sizeof(here), "%.*s/..", slash ? (int)(slash - f) : 1, slash ? f : ".");
	if (!realpath(here, root) || !realpath(tu_binary_path(), bindir)) {
		fprintf(stderr, "cannot find the project folder or %s\n", tu_binary_path());
		return -1;
	}
	*strrchr(bindir, '/') = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	free(db);
	return 0;
}

/* Skip the calling test, visibly, when `tool` is not on PATH. */
#define NEED_TOOL(tool) \
	do { \
		if (tu_run(NULL, NULL, "command -v %s >/dev/null", tool) != 0) { \
			printf("SKIP: %s: %s not found (apt-get install %s)\n", __func__, tool, tool); \
			skip(); \
		} \
	} while (0)

/* --- the man page -------------------------------------------------------- */

/* Append `s` (up to `end`) with the roff escapes the page uses turned into text. */
static void add_unescaped(struct strbuf *out, const char *s, const char *end)
{
	static const char *const named[][2] = {
		{ "(aq", "'" }, { "(lq", "\"" }, { "(rq", "\"" }, { "(dq", "\"" }, { "(oq", "'" }, { "(cq", "'" },
	};
	while (s < end) {
		if (*s != '\\' || s + 1 >= end) {
			strbuf_addch(out, *s++);
			continue;
		}
		s++;
		if (*s == 'f' && s + 1 < end) {         /* \fB \fI \fR \fP: fonts */
			s += 2;
		} else if (*s == '-' || *s == 'e') {    /* \- and \e */
			strbuf_addch(out, *s == '-' ? '-' : '\\');
			s++;
		} else if (*s == '&' || *s == 'c') {    /* \& \c: nothing */
			s++;
		} else {
			size_t k;
			for (k = 0; k < sizeof(named) / sizeof(named[0]); k++)
				if (end - s >= 3 && !strncmp(s, named[k][0], 3)) {
					strbuf_addstr(out, named[k][1]);
					s += 3;
					break;
				}
			if (k == sizeof(named) / sizeof(named[0]))
				strbuf_addch(out, '\\');
		}
	}
}

/*
 * The page as text, as man(7) reads it: comments dropped, the arguments of
 * .B .I (joined by blanks) and .BI .RB ... (joined without) as text, a
 * line ending in \c joined to the next, .SH and .SS lines kept as they are,
 * other requests dropped.
 */
static void man_text(struct strbuf *out, const char *src)
{
	for (const char *line = src; *line;) {
		const char *nl = strchr(line, '\n'), *end = nl ? nl : line + strlen(line);
		int joined = end - line >= 2 && end[-2] == '\\' && end[-1] == 'c';
		if (line[0] != '.') {
			add_unescaped(out, line, end);
		} else if (!strncmp(line, ".SH ", 4) || !strncmp(line, ".SS ", 4)) {
			strbuf_add(out, line, (size_t)(end - line));
		} else if (!strncmp(line, ".\\\"", 3)) {
			joined = 1;
		} else {
			const char *p = line + 1, *name = p;
			while (p < end && !isspace((unsigned char)*p))
				p++;
			size_t nlen = (size_t)(p - name);
			int text = (nlen == 1 && (*name == 'B' || *name == 'I')) ||
				   (nlen == 2 && strchr("BIR", name[0]) && strchr("BIR", name[1]) && name[0] != name[1]);
			int blanks = nlen == 1;
			for (int first = 1; text && p < end; first = 0) {
				while (p < end && *p == ' ')
					p++;
				if (p >= end)
					break;
				const char *a = p, *b;
				if (*p == '"') {
					a = ++p;
					while (p < end && *p != '"')
						p++;
					b = p;
					if (p < end)
						p++;
				} else {
					while (p < end && *p != ' ')
						p++;
					b = p;
				}
				if (blanks && !first)
					strbuf_addch(out, ' ');
				add_unescaped(out, a, b);
			}
		}
		if (!joined)
			strbuf_addch(out, '\n');
		line = nl ? nl + 1 : end;
	}
}

/* The text of the section whose heading line is `heading`, to the next .SS or .SH (NULL: none). */
static char *man_section(const char *text, const char *heading)
{
	size_t hl = strlen(heading);
	for (const char *p = text; (p = strstr(p, heading)); p += hl) {
		if ((p != text && p[-1] != '\n') || (p[hl] != '\n' && p[hl] != '\0'))
			continue;
		const char *body = p + hl, *e = body;
		while ((e = strchr(e, '\n')) && strncmp(e + 1, ".SS ", 4) && strncmp(e + 1, ".SH ", 4))
			e++;
		return e ? xstrndup(body, (size_t)(e - body)) : xstrdup(body);
	}
	return NULL;
}

/* Does `text` hold `word` with no letter, digit or '-' right after it (nor before it)? */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; (p = strstr(p, word)); p++) {
		char before = p == text ? ' ' : p[-1], after = p[n];
		if (!isalnum((unsigned char)after) && after != '-' && after != '_' &&
		    !isalnum((unsigned char)before) && before != '-')
			return 1;
	}
	return 0;
}

/* The --options a help text names, each once. */
static json_t *help_options(const char *help)
{
	json_t *opts = json_array();
	for (const char *p = help; (p = strstr(p, "--"));) {
		const char *e = p + 2;
		while (isalnum((unsigned char)*e) || *e == '-')
			e++;
		if (e > p + 2 && isalpha((unsigned char)p[2]) && (p == help || p[-1] != '-')) {
			char *o = xstrndup(p, (size_t)(e - p));
			size_t i;
			json_t *v;
			int seen = 0;
			json_array_foreach(opts, i, v)
				seen |= !strcmp(json_string_value(v), o);
			if (!seen)
				json_array_append_new(opts, json_string(o));
			free(o);
		}
		p = e;
	}
	return opts;
}

/* The commands `cabtrack --help` lists. */
static json_t *listed_commands(void)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "%s --help", tu_binary()), 0);
	json_t *cmds = json_array();
	const char *p = strstr(out.buf, "Commands:\n");
	assert_non_null(p);
	for (p = strchr(p, '\n') + 1; !strncmp(p, "   ", 3) && isalpha((unsigned char)p[3]); p = strchr(p, '\n') + 1) {
		const char *e = p + 3;
		while (*e && !isspace((unsigned char)*e))
			e++;
		char *name = xstrndup(p + 3, (size_t)(e - p - 3));
		json_array_append_new(cmds, json_string(name));
		free(name);
	}
	assert_null(strstr(out.buf, "__complete"));
	strbuf_release(&out);
	return cmds;
}

static char *man_page_text(void)
{
	struct strbuf src = STRBUF_INIT, text = STRBUF_INIT;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/tracker/cabtrack.1", root);
	assert_int_equal(tu_read_file(&src, path), 0);
	man_text(&text, src.buf);
	strbuf_release(&src);
	return strbuf_detach(&text, NULL);
}

/* Each option of `cabtrack ARGS --help` is named in `section` (of command `cmd`). */
static void assert_options_documented(const char *section, const char *cmd, const char *args)
{
	struct strbuf help = STRBUF_INIT;
	assert_int_equal(tu_run(&help, NULL, "%s %s --help", tu_binary(), args), 0);
	json_t *opts = help_options(help.buf), *o;
	size_t i;
	int missing = 0;
	json_array_foreach(opts, i, o)
		if (strcmp(json_string_value(o), "--help") && !has_word(section, json_string_value(o))) {
			fprintf(stderr, "cabtrack.1: section 'cabtrack %s' does not name %s (from 'cabtrack %s --help')\n",
				cmd, json_string_value(o), args);
			missing++;
		}
	assert_int_equal(missing, 0);
	assert_true(json_array_size(opts) > 0);
	json_decref(opts);
	strbuf_release(&help);
}

static void test_man_page_documents_every_command(void **state)
{
	(void)state;
	char *text = man_page_text();
	static const char *const sections[] = { "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "PROJECT FILE",
						"JSON FORMATS", "ENVIRONMENT", "FILES", "EXIT STATUS",
						"EXAMPLES", "SEE ALSO" };
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		char h[64];
		snprintf(h, sizeof(h), ".SH %s", sections[i]);
		char *s = man_section(text, h);
		if (!s)
			fprintf(stderr, "cabtrack.1 has no section %s\n", sections[i]);
		assert_non_null(s);
		free(s);
	}

	json_t *cmds = listed_commands(), *c;
	size_t i;
	assert_true(json_array_size(cmds) >= 15);
	json_array_foreach(cmds, i, c) {
		const char *name = json_string_value(c);
		char heading[128];
		snprintf(heading, sizeof(heading), ".SS \"cabtrack %s\"", name);
		char *section = man_section(text, heading);
		if (!section)
			fprintf(stderr, "cabtrack.1 has no section for '%s' (%s)\n", name, heading);
		assert_non_null(section);
		/* the section's synopsis names the command */
		char synopsis[128];
		snprintf(synopsis, sizeof(synopsis), "cabtrack %s", name);
		assert_non_null(strstr(section, synopsis));
		assert_options_documented(section, name, name);
		free(section);
	}
	json_decref(cmds);

	/* subcommands with a help of their own are documented in their command's section */
	static const char *const subs[][2] = { { "import", "import github" }, { "import", "import minutes" },
					       { "sync", "sync github" }, { "ballot", "ballot set" },
					       { "render", "render ics" }, { "meeting", "meeting list" } };
	for (size_t k = 0; k < sizeof(subs) / sizeof(subs[0]); k++) {
		char heading[128];
		snprintf(heading, sizeof(heading), ".SS \"cabtrack %s\"", subs[k][0]);
		char *section = man_section(text, heading);
		assert_non_null(section);
		assert_non_null(strstr(section, subs[k][1]));
		assert_options_documented(section, subs[k][0], subs[k][1]);
		free(section);
	}

	/* every key `config --help` names, in PROJECT FILE */
	char *project = man_section(text, ".SH PROJECT FILE");
	struct strbuf help = STRBUF_INIT;
	assert_int_equal(tu_run(&help, NULL, "%s config --help", tu_binary()), 0);
	int keys = 0;
	for (const char *p = help.buf; *p; p++) {
		if ((p != help.buf && (isalnum((unsigned char)p[-1]) || p[-1] == '.')) ||
		    (strncmp(p, "cabtrack.", 9) && strncmp(p, "meeting.", 8) && strncmp(p, "document.NAME.", 14)))
			continue;
		const char *e = p;
		while (isalnum((unsigned char)*e) || *e == '.' || *e == '-')
			e++;
		while (e > p && e[-1] == '.')
			e--;
		char *key = xstrndup(p, (size_t)(e - p));
		if (strcmp(key, "cabtrack.conf") && strcmp(key, "document.NAME.") && !has_word(project, key)) {
			fprintf(stderr, "cabtrack.1: PROJECT FILE does not name %s\n", key);
			fail();
		}
		keys++;
		free(key);
		p = e - 1;
	}
	assert_true(keys >= 12);
	strbuf_release(&help);
	free(project);

	char *env = man_section(text, ".SH ENVIRONMENT");
	static const char *const vars[] = { "CABTRACK_DB", "CABTRACK_CONF", "CABTRACK_CACHE", "CABTRACK_TZ",
					    "GITHUB_TOKEN", "XDG_CACHE_HOME" };
	for (size_t k = 0; k < sizeof(vars) / sizeof(vars[0]); k++)
		assert_true(has_word(env, vars[k]));
	free(env);

	/* JSON FORMATS: an entry for each JSON output, naming keys the commands print */
	char *json = man_section(text, ".SH JSON FORMATS");
	static const char *const outputs[][2] = {
		{ "dates", "requirements" },  { "requirements", "negated" }, { "diff", "words_added" },
		{ "ballot show", "lifecycle" }, { "blame", "keyword_changed" }, { "issues", "addressed_by" },
		{ "render status --format json", "ballots_in_flight" }, { "check", "severity" },
	};
	for (size_t k = 0; k < sizeof(outputs) / sizeof(outputs[0]); k++) {
		char entry[96];
		snprintf(entry, sizeof(entry), "\n%s\n", outputs[k][0]);
		if (!strstr(json, entry) || !has_word(json, outputs[k][1]))
			fprintf(stderr, "cabtrack.1: JSON FORMATS lacks '%s' or its key %s\n", outputs[k][0], outputs[k][1]);
		assert_non_null(strstr(json, entry));
		assert_true(has_word(json, outputs[k][1]));
	}
	free(json);

	char *status = man_section(text, ".SH EXIT STATUS");
	assert_non_null(strstr(status, "\n0\n"));
	assert_non_null(strstr(status, "\n1\n"));
	assert_non_null(strstr(status, "\n2\n"));
	free(status);
	char *examples = man_section(text, ".SH EXAMPLES");
	assert_non_null(strstr(examples, "cabtrack update\ncabtrack render status --meeting next\n"));
	free(examples);
	free(text);
}

static void test_man_page_renders_without_warnings(void **state)
{
	(void)state;
	NEED_TOOL("groff");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_run(&out, &err, "groff -man -Tutf8 -ww -z '%s/tracker/cabtrack.1'", root);
	if (rc || out.len || err.len)
		fprintf(stderr, "groff: exit %d: %s%s", rc, out.buf, err.buf);
	assert_int_equal(rc, 0);
	assert_int_equal(out.len + err.len, 0);
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "groff -man -Tutf8 -P-c '%s/tracker/cabtrack.1'", root), 0);
	assert_non_null(strstr(out.buf, "cabtrack render status --meeting next"));
	if (tu_run(NULL, NULL, "command -v man >/dev/null") == 0) {
		strbuf_reset(&out);
		rc = tu_run(&out, NULL, "MANPAGER=cat PAGER=cat MANWIDTH=80 man -l '%s/tracker/cabtrack.1'", root);
		assert_int_equal(rc, 0);
		assert_non_null(strstr(out.buf, "JSON FORMATS"));
	} else {
		printf("SKIP: %s: man not found; groff rendered the page\n", __func__);
	}
	strbuf_release(&out);
	strbuf_release(&err);
}

/* --- make install -------------------------------------------------------- */

/* The file `installed` below `top` is a copy of the project's `source`. */
static void assert_installed_copy(const char *top, const char *installed, const char *source)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", top, installed);
	if (tu_read_file(&x, path.buf) != 0)
		fprintf(stderr, "make install did not write %s\n", path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", root, source);
	assert_int_equal(tu_read_file(&y, path.buf), 0);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.buf, y.buf, x.len);
	strbuf_release(&x);
	strbuf_release(&y);
	strbuf_release(&path);
}

/* Run `make install` from the project's folder with the build folder under test; `top` is where files land. */
static void assert_installs(const char *vars, const char *top)
{
	const char *b = getenv("BUILD");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* a make that runs this test must not hand its jobserver to this one */
	int rc = tu_run(&out, &err, "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C '%s' --no-print-directory install %s BUILD='%s'",
			root, vars, b && *b ? b : "build");
	if (rc)
		fprintf(stderr, "make install %s: exit %d\n%s%s", vars, rc, out.buf, err.buf);
	assert_int_equal(rc, 0);
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "'%s/bin/cabtrack' --version", top), 0);   /* the binary, and it runs */
	assert_non_null(strstr(out.buf, "cabtrack"));
	assert_installed_copy(top, "share/man/man1/cabtrack.1", "tracker/cabtrack.1");
	assert_installed_copy(top, "share/bash-completion/completions/cabtrack", "tracker/cabtrack-completion.bash");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_make_install(void **state)
{
	(void)state;
	NEED_TOOL("make");
	struct strbuf vars = STRBUF_INIT, top = STRBUF_INIT;
	strbuf_addf(&vars, "PREFIX='%s/prefix' DESTDIR=", tmp);
	strbuf_addf(&top, "%s/prefix", tmp);
	assert_installs(vars.buf, top.buf);
	/* DESTDIR stages under another root */
	strbuf_reset(&vars);
	strbuf_reset(&top);
	strbuf_addf(&vars, "PREFIX=/usr DESTDIR='%s/stage'", tmp);
	strbuf_addf(&top, "%s/stage/usr", tmp);
	assert_installs(vars.buf, top.buf);
	strbuf_release(&vars);
	strbuf_release(&top);
}

/* --- bash completion ----------------------------------------------------- */

/*
 * What the completion offers for the words given (the last one is the word
 * under the cursor; "" for none), one candidate a line, sorted; run in bash
 * with the built cabtrack first on PATH and $CABTRACK_DB at `dbfile`.
 */
static char *complete(const char *dbfile, ...) __attribute__((sentinel));
static char *complete(const char *dbfile, ...)
{
	struct strbuf words = STRBUF_INIT, script = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	va_list ap;
	va_start(ap, dbfile);
	int n = 0;
	for (const char *w; (w = va_arg(ap, const char *)); n++)
		strbuf_addf(&words, " '%s'", w);
	va_end(ap);
	strbuf_addf(&script,
		    ". '%s/tracker/cabtrack-completion.bash'\n"
		    "COMP_WORDS=(%s)\nCOMP_CWORD=%d\n"
		    "_cabtrack\n"
		    "if ((${#COMPREPLY[@]})); then printf '%%s\\n' \"${COMPREPLY[@]}\" | sort; fi\n",
		    root, words.buf, n - 1);
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/complete.sh", tmp);
	tu_write_file(path, script.buf, script.len);
	int rc = tu_run(&out, &err, "cd '%s' && PATH='%s':\"$PATH\" CABTRACK_DB='%s' bash -c '. \"$0\"' '%s'", tmp,
			bindir, dbfile, path);
	if (rc || err.len)
		fprintf(stderr, "completion of%s: exit %d: %s", words.buf, rc, err.buf);
	assert_int_equal(rc, 0);
	assert_int_equal(err.len, 0);
	strbuf_release(&words);
	strbuf_release(&script);
	strbuf_release(&err);
	return strbuf_detach(&out, NULL);
}

static void assert_offers(char *got, const char *want)
{
	if (strcmp(got, want))
		fprintf(stderr, "completion offered:\n%s---\nexpected:\n%s", got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_completion(void **state)
{
	(void)state;
	NEED_TOOL("bash");
	make_db();

	/* commands, subcommands, options */
	assert_offers(complete(db, "cabtrack", "bal", NULL), "ballot\n");
	assert_offers(complete(db, "cabtrack", "ballot", "", NULL), "add\ndiff\nlist\nplan\nset\nshow\nvote\n");
	assert_offers(complete(db, "cabtrack", "dates", "--form", NULL), "--format\n");
	assert_offers(complete(db, "cabtrack", "dates", "--for", NULL), "--for\n--format\n");
	assert_offers(complete(db, "cabtrack", "in-f", NULL), "in-force\n");
	assert_offers(complete(db, "cabtrack", "render", "s", NULL), "status\n");
	assert_offers(complete(db, "cabtrack", "help", "blam", NULL), "blame\n");
	char *all = complete(db, "cabtrack", "", NULL);
	assert_non_null(strstr(all, "dates\n"));
	assert_null(strstr(all, "__complete"));
	free(all);
	/* a subcommand's options are its own */
	char *opts = complete(db, "cabtrack", "ballot", "show", "--", NULL);
	assert_non_null(strstr(opts, "--tz\n"));
	assert_null(strstr(opts, "--phase\n"));
	free(opts);

	/* values */
	assert_offers(complete(db, "cabtrack", "dates", "--format", "", NULL), "csv\nhtml\njson\nmarkdown\ntext\n");
	/* the forms of DATES AND TIMES: days, zones (tzdata and abbreviations), times; import's --progress */
	assert_offers(complete(db, "cabtrack", "dates", "--from", "to", NULL), "today\ntomorrow\n");
	assert_offers(complete(db, "cabtrack", "ballot", "set", "X", "--vote-end", "+1", NULL), "+1m\n+1w\n+1y\n");
	assert_offers(complete(db, "cabtrack", "meeting", "add", "today", "--tz", "America/New_", NULL), "America/New_York\n");
	assert_offers(complete(db, "cabtrack", "meeting", "add", "today", "--tz", "ES", NULL), "EST\n");
	assert_offers(complete(db, "cabtrack", "meeting", "add", "today", "--time", "11", NULL), "11:00\n11am\n");
	assert_offers(complete(db, "cabtrack", "config", "meeting.tz", "Europe/Berl", NULL), "Europe/Berlin\n");
	assert_offers(complete(db, "cabtrack", "import", "--prog", NULL), "--progress\n");
	assert_offers(complete(db, "cabtrack", "render", "a", NULL), "agenda\nall\n");
	assert_offers(complete(db, "cabtrack", "issues", "--state", "", NULL), "all\nclosed\nopen\n");
	assert_offers(complete(db, "cabtrack", "init", "--preset", "s", NULL), "servercert\nsmime\n");
	assert_offers(complete(db, "cabtrack", "dates", "--doc", "", NULL), "DOC\n");
	assert_offers(complete(db, "cabtrack", "dates", "--at", "Ballot_", NULL), "Ballot_SMC01\nBallot_SMC02\n");
	assert_offers(complete(db, "cabtrack", "render", "status", "--meeting", "", NULL), "last\nnext\n");

	/* refs as diff's arguments, ballot IDs */
	assert_offers(complete(db, "cabtrack", "diff", "Ballot_SMC0", NULL), "Ballot_SMC01\nBallot_SMC02\n");
	assert_offers(complete(db, "cabtrack", "diff", "Ballot_SMC01", "sec", NULL), "second\n");
	char *ids = complete(db, "cabtrack", "ballot", "show", "", NULL);
	assert_non_null(strstr(ids, "SMC01\n"));
	assert_non_null(strstr(ids, "SMC02\n"));
	free(ids);
	assert_offers(complete(db, "cabtrack", "dates", "--ballot", "SMC0", NULL), "SMC01\nSMC02\n");
	/* --db on the line wins over $CABTRACK_DB */
	struct strbuf none = STRBUF_INIT;
	strbuf_addf(&none, "%s/none.db", tmp);
	assert_offers(complete(none.buf, "cabtrack", "--db", db, "ballot", "show", "SMC0", NULL), "SMC01\nSMC02\n");

	/* __complete itself: short ref names; nothing and exit 0 without a database */
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, &err, db, "__complete refs"), 0);
	assert_non_null(strstr(out.buf, "main\n"));
	assert_non_null(strstr(out.buf, "Ballot_SMC02\n"));
	assert_null(strstr(out.buf, "refs/"));
	static const char *const kinds[] = { "docs", "refs", "ballots", "meetings", "nonsense --bogus", "" };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		strbuf_reset(&out);
		strbuf_reset(&err);
		char args[64];
		snprintf(args, sizeof(args), "__complete %s", kinds[k]);
		assert_int_equal(tu_ct(&out, &err, none.buf, args), 0);
		assert_int_equal(out.len, 0);
		assert_int_equal(err.len, 0);
	}
	assert_int_not_equal(access(none.buf, F_OK), 0);   /* and it did not create one */
	assert_offers(complete(none.buf, "cabtrack", "diff", "", NULL), "");
	strbuf_release(&none);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_page_documents_every_command),
		cmocka_unit_test(test_man_page_renders_without_warnings),
		cmocka_unit_test(test_make_install),
		cmocka_unit_test(test_completion),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
