/*
 * cmd_render.c - `cabtrack render status|minutes|agenda|ics`: the pages a chair
 * opens before a call, the appendix for the minutes, and a calendar.
 *
 * The tracker builds the view model (tracker/status.c); render/ turns it
 * into pages through templates (render/page.c) or a calendar
 * (render/ics.c).  Files are written whole under a temporary name and
 * renamed, so a reader never sees half a page; the status folder's pages
 * are written all or nothing (tracker/cli/outdir.c), so a failed render leaves
 * the previous ones as they were; names come from ballot ids made
 * file-safe, so nothing is written outside the folder given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "render/ics.h"
#include "db/meetingdb.h"
#include "tracker/meetings.h"
#include "render/page.h"
#include "tracker/project.h"
#include "tracker/status.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/cli/outdir.h"

static const char usage[] =
	"usage: cabtrack render status --meeting DATE|next|last [--out DIR] [--templates DIR] [--tz ZONE]\n"
	"                              [--doc NAME] [--format html|json]\n"
	"   or: cabtrack render minutes --meeting DATE|next|last [--out FILE] [--templates DIR] [--tz ZONE]\n"
	"                               [--doc NAME]\n"
	"   or: cabtrack render agenda --meeting DATE|next|last [--out FILE] [--templates DIR] [--tz ZONE]\n"
	"                              [--doc NAME] [--format markdown|text]\n"
	"   or: cabtrack render ics [--out FILE] [--from DATE] [--doc NAME]\n"
	"   or: cabtrack render all --meeting DATE|next|last --out DIR [--templates DIR] [--tz ZONE]\n"
	"                           [--from DATE] [--doc NAME]\n\n"
	"status: the page for a meeting (DIR/index.html, one self-contained page that prints on\n"
	"A4 and Letter) with the ballots in flight and their next deadline, each draft ballot\n"
	"(sections touched, requirements added or strengthened, dates, the planned phase-in, a\n"
	"redline page DIR/ballot-ID.html), the effective dates from three months before the\n"
	"meeting to eighteen after (a table and a timeline picture), the issues new, updated,\n"
	"addressed by a draft or parked since the previous meeting and the open ones by section,\n"
	"the open pull requests by the sections their heads change, and the next call.  Without\n"
	"--out the page goes to standard output.  --format json prints the view model the\n"
	"templates receive.\n"
	"minutes: the same as a Markdown appendix for a minutes post; the same database gives\n"
	"the same bytes.\n"
	"agenda: the Forum's standard agenda for the call (roll call, antitrust statement,\n"
	"agenda, previous minutes, ballots in flight with their next deadline, drafts, issues,\n"
	"any other business, next call), in Markdown or, with --format text, ready to mail.\n"
	"ics: an RFC 5545 calendar of effective dates, IP review ends and meetings, with stable\n"
	"UIDs so that a subscribed calendar updates rather than duplicates.\n"
	"all: every output of a meeting from one view model into DIR: the status page and its\n"
	"ballot pages, minutes.md, agenda.md, agenda.txt and calendar.ics, all or nothing.\n\n"
	"   --meeting M     a date, 'next' (the first recorded meeting from today on) or 'last'\n"
	"   --out PATH      the folder (status) or file (minutes, ics) to write\n"
	"   --templates DIR templates overriding the built-in ones by name (status.mustache,\n"
	"                   minutes.mustache, agenda.mustache, agenda-mail.mustache,\n"
	"                   ballot.mustache, issue.mustache, style.mustache)\n"
	"   --tz ZONE       the zone to show times in beside UTC (default: the meeting's)\n"
	"   --from DATE     ics: effective dates from DATE on (default: all)\n"
	"   --doc NAME      the one document to cover (default: every document of the database,\n"
	"                   one section each on the pages' lists, one timeline and calendar)\n"
	"   --format FMT    status: html (default) or json; agenda: markdown (default) or text\n";

struct args {
	const char *sub, *meeting, *out, *templates, *tz, *from, *doc;
	int json, text, markdown; /* --format json, text (agenda), markdown (agenda) */
};

/* The meeting named by --meeting, every recorded one, and the project's cadence. */
static int meeting_of(struct ct_meeting *meeting, struct ct_meeting_list *all, struct meetings_cadence *cadence,
		      int *have_cadence, struct ct_db *db, const char *which)
{
	if (meetingdb_query(all, db) < 0)
		return CT_EDB;
	if (meetings_project_cadence(cadence, have_cadence, cli_db_path, all, ct_date_today()) < 0)
		return CT_EINVALID;
	return meetings_pick(meeting, all, which, ct_date_today(), *have_cadence ? cadence : NULL);
}

/*
 * The documents a render covers: the one --doc names, else every document
 * of the database.  *docs (n of them, at least one) is freed with
 * free_docs.
 */
static int open_docs(struct query_doc **docs, size_t *n, struct ct_db *db, const char *doc)
{
	json_t *names = NULL;
	int rc = doc ? 0 : query_document_names(&names, db);
	size_t want = doc ? 1 : json_array_size(names);
	*n = 0;
	*docs = xcalloc(want ? want : 1, sizeof(**docs));
	for (size_t i = 0; i < want && rc == 0; i++)
		if ((rc = query_document(&(*docs)[i], db, doc ? doc : json_string_value(json_array_get(names, i)))) == 0)
			(*n)++;
	if (rc == 0 && !*n && (rc = query_document(&(*docs)[0], db, NULL)) == 0)
		*n = 1; /* no document: query_document says so */
	json_decref(names);
	return rc;
}

static void free_docs(struct query_doc *docs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		query_doc_release(&docs[i]);
	free(docs);
}

/* The pages made from the status view model. */
enum page_kind { PAGE_STATUS, PAGE_MINUTES, PAGE_AGENDA, PAGE_ALL };

static int make_ics(struct strbuf *out, struct ct_db *db, struct args *a);

/*
 * render all: from one view model, the status page with its ballot pages,
 * minutes.md, agenda.md, agenda.txt and calendar.ics, into the folder,
 * all or nothing.
 */
static int write_others(struct outdir *od, json_t *model, struct ct_db *db, struct args *a)
{
	static const struct {
		const char *file, *tpl;
		enum page_markup markup;
	} pages[] = {
		{ "minutes.md", "minutes", PAGE_MARKDOWN },
		{ "agenda.md", "agenda", PAGE_MARKDOWN },
		{ "agenda.txt", "agenda-mail", PAGE_TEXT },
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]) && rc == 0; i++) {
		struct strbuf page = STRBUF_INIT;
		struct page_options po = PAGE_OPTIONS_INIT;
		po.templates_dir = a->templates;
		po.markup = pages[i].markup;
		if ((rc = render_page(&page, pages[i].tpl, model, &po)) == 0)
			rc = outdir_write(od, pages[i].file, page.buf, page.len);
		strbuf_release(&page);
	}
	if (rc == 0) {
		struct strbuf ics = STRBUF_INIT;
		if ((rc = make_ics(&ics, db, a)) == 0)
			rc = outdir_write(od, "calendar.ics", ics.buf, ics.len);
		strbuf_release(&ics);
	}
	return rc;
}

static int do_status(struct ct_db *db, const struct query_doc *docs, size_t ndocs, struct args *a,
		     enum page_kind kind)
{
	int markdown = kind != PAGE_STATUS && kind != PAGE_ALL;
	struct ct_meeting meeting = { 0 };
	struct ct_meeting_list all = CT_MEETING_LIST_INIT;
	json_t *model = NULL;
	struct strbuf page = STRBUF_INIT;
	struct status_options so = STATUS_OPTIONS_INIT;
	so.tz = a->tz;
	so.with_diffs = !markdown && !a->json && a->out;
	so.wg = cli_setting("cabtrack.wg");
	struct meetings_cadence cadence;
	int have_cadence = 0;
	int rc = meeting_of(&meeting, &all, &cadence, &have_cadence, db, a->meeting);
	so.cadence = have_cadence ? &cadence : NULL;
	if (rc == 0)
		rc = status_build_documents(&model, db, docs, ndocs, &meeting, &all, &so);
	if (rc == 0 && a->json) {
		rc = render_json(stdout, model);
		goto out;
	}
	struct page_options po = PAGE_OPTIONS_INIT;
	po.templates_dir = a->templates;
	po.markup = kind == PAGE_STATUS || kind == PAGE_ALL ? PAGE_HTML : kind == PAGE_AGENDA && a->text ? PAGE_TEXT
														: PAGE_MARKDOWN;
	const char *tpl = kind == PAGE_STATUS || kind == PAGE_ALL ? "status" : kind == PAGE_MINUTES ? "minutes"
			: a->text ? "agenda-mail" : "agenda";
	if (rc == 0)
		rc = render_page(&page, tpl, model, &po);
	if (rc < 0)
		goto out;
	if (markdown || !a->out) {
		rc = cli_write_file(markdown ? a->out : NULL, page.buf, page.len);
		goto out;
	}
	/* Every page is made first, then written into a folder beside --out and moved into place. */
	struct outdir *od = NULL;
	if ((rc = outdir_begin(&od, a->out)) < 0)
		goto out;
	json_t *d, *paged = json_array();
	size_t i, pages;
	/* Drafts, and ballots in discussion with their change: each has its redline page. */
	json_array_foreach(json_object_get(model, "ballots_in_flight"), i, d)
		if (json_is_string(json_object_get(d, "page")))
			json_array_append(paged, d);
	json_array_extend(paged, json_object_get(model, "drafts"));
	pages = json_array_size(paged);
	json_array_foreach(paged, i, d) {
		struct strbuf ballot = STRBUF_INIT;
		/* The file name: "ballot-" and the slug status.c made of the id (letters, digits, - _ .), unique per draft. */
		if ((rc = render_page(&ballot, "ballot", d, &po)) == 0)
			rc = outdir_write(od, json_string_value(json_object_get(d, "page")), ballot.buf, ballot.len);
		strbuf_release(&ballot);
		if (rc < 0)
			break;
	}
	if (rc == 0 && kind == PAGE_ALL) {
		/* The other outputs use no draft's full diff: dropped, they are not walked three more times. */
		json_array_foreach(paged, i, d)
			json_object_del(d, "diff");
		rc = write_others(od, model, db, a);
	}
	/* the page linking the others goes last */
	if (rc == 0)
		rc = outdir_write(od, "index.html", page.buf, page.len);
	if (rc == 0)
		rc = outdir_commit(od);
	outdir_free(od);
	json_decref(paged);
	if (rc == 0)
		fprintf(stderr, "wrote %s/index.html%s and %zu ballot page%s\n", a->out,
			kind == PAGE_ALL ? ", minutes.md, agenda.md, agenda.txt, calendar.ics" : "", pages,
			pages == 1 ? "" : "s");
out:
	strbuf_release(&page);
	ct_meeting_release(&meeting);
	ct_meeting_list_release(&all);
	json_decref(model);
	return rc;
}

/* The calendar into `out`: every document of the database (one timeline), or the one --doc names. */
static int make_ics(struct strbuf *out, struct ct_db *db, struct args *a)
{
	json_t *events = NULL;
	struct ct_meeting_list all = CT_MEETING_LIST_INIT;
	char stamp[17];
	struct strbuf name = STRBUF_INIT;
	char from[11] = "";
	size_t i, ndocs = 0;
	if (a->from) {
		struct ct_date d;
		if (cli_day(&d, "--from", a->from) < 0)
			return CT_EINVALID;
		ct_date_format(from, &d);
	}
	struct query_doc *docs = NULL;
	int rc = open_docs(&docs, &ndocs, db, a->doc);
	struct meetings_cadence cadence;
	int have_cadence = 0;
	if (rc == 0 && (rc = meetingdb_query(&all, db)) == 0)
		rc = meetings_project_cadence(&cadence, &have_cadence, cli_db_path, &all, ct_date_today());
	if (rc == 0) {
		struct status_calendar_options co = STATUS_CALENDAR_OPTIONS_INIT;
		co.from = *from ? from : NULL;
		co.wg = cli_setting("cabtrack.wg");
		co.cadence = have_cadence ? &cadence : NULL;
		rc = status_calendar(&events, stamp, db, docs, ndocs, &co);
	}
	if (rc == 0) {
		struct ics_options io = ICS_OPTIONS_INIT;
		for (i = 0; i < ndocs; i++)
			strbuf_addf(&name, "%s%s", i ? ", " : "", docs[i].name);
		strbuf_addstr(&name, " dates (cabtrack)");
		io.name = name.buf;
		io.dtstamp = stamp;
		rc = render_ics(out, events, &io);
	}
	free_docs(docs, ndocs);
	strbuf_release(&name);
	json_decref(events);
	ct_meeting_list_release(&all);
	return rc;
}

static int do_ics(struct ct_db *db, struct args *a)
{
	struct strbuf out = STRBUF_INIT;
	int rc = make_ics(&out, db, a);
	if (rc == 0)
		rc = cli_write_file(a->out, out.buf, out.len);
	strbuf_release(&out);
	return rc;
}

int cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ "out", required_argument, NULL, 'o' },
		{ "templates", required_argument, NULL, 'T' },
		{ "tz", required_argument, NULL, 'z' },
		{ "from", required_argument, NULL, 'F' },
		{ "doc", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a;
	memset(&a, 0, sizeof(a));
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			return CLI_EXIT_OK;
		case -3:
			return cli_fail();
		case 'm': a.meeting = optarg; break;
		case 'o': a.out = optarg; break;
		case 'T': a.templates = optarg; break;
		case 'z': a.tz = optarg; break;
		case 'F': a.from = optarg; break;
		case 'd': a.doc = optarg; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				a.json = 1;
			else if (!strcmp(optarg, "text"))
				a.text = 1;
			else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
				a.markdown = 1;
			else if (strcmp(optarg, "html")) {
				static const char *const formats[] = { "html", "json", "markdown", "text" };
				return cli_unknown_word("render", "format", optarg, formats, 4);
			}
			break;
		}
	}
	if (optind >= argc)
		return cli_usage_error("render", "name what to render: status, minutes, agenda, ics or all");
	a.sub = argv[optind++];
	if (optind < argc)
		return cli_usage_error("render", "unexpected argument '%s'", argv[optind]);
	int status = !strcmp(a.sub, "status"), minutes = !strcmp(a.sub, "minutes"), ics = !strcmp(a.sub, "ics");
	int agenda = !strcmp(a.sub, "agenda"), all = !strcmp(a.sub, "all");
	if (!status && !minutes && !ics && !agenda && !all) {
		static const char *const pages[] = { "status", "minutes", "agenda", "ics", "all" };
		return cli_unknown_word("render", "page", a.sub, pages, sizeof(pages) / sizeof(pages[0]));
	}
	if ((a.text || a.markdown) && !agenda)
		return cli_usage_error("render", "--format text and markdown are for 'render agenda'");
	if (agenda && a.json)
		return cli_usage_error("render", "'render agenda' is Markdown or text; 'render status --format json' prints the view model");
	if (all && (!a.out || a.json || a.text || a.markdown))
		return cli_usage_error("render", "'render all' writes a folder: give --out DIR, and no --format");
	if ((status || minutes || agenda || all) && !a.meeting)
		return cli_usage_error("render", "'render %s' needs --meeting DATE, next or last", a.sub);
	if (ics && (a.meeting || a.templates || a.tz || a.json))
		return cli_usage_error("render", "'render ics' takes only --out, --from and --doc");
	if (!ics && !all && a.from)
		return cli_usage_error("render", "--from is for 'render ics'");
	if (minutes && a.json)
		return cli_usage_error("render", "'render minutes' is Markdown; 'render status --format json' prints the view model");
	if (a.json && a.out)
		return cli_usage_error("render", "--format json prints to standard output; leave out --out");
	struct ct_date day;
	if (a.meeting && strcmp(a.meeting, "next") && strcmp(a.meeting, "last") && cli_day(&day, "--meeting", a.meeting) < 0)
		return cli_usage_error("render", "%s (or next, last)", ct_error_last());
	if (a.from && cli_day(&day, "--from", a.from) < 0)
		return cli_usage_error("render", "%s", ct_error_last());
	if (a.tz && cli_zone(&a.tz, "--tz", a.tz) < 0)
		return cli_usage_error("render", "%s", ct_error_last());
	if (!a.tz)
		a.tz = cli_default_tz();
	if (a.tz && when_check_zone(a.tz) < 0)
		return cli_fail();
	if (a.templates) {
		struct stat st;
		if (stat(a.templates, &st) != 0 || !S_ISDIR(st.st_mode))
			return cli_usage_error("render", "--templates: '%s' is not a folder", a.templates);
	}

	char *pages = NULL;
	if (status && !a.out && !a.json) /* the project's pages folder (beside its file), else standard output */
		a.out = pages = project_resolve(cli_db_path, cli_setting("cabtrack.pages"));
	if (ics) {
		struct ct_db *db = NULL;
		int rc = cli_open(&db, 0);
		if (rc == 0)
			rc = do_ics(db, &a);
		db_free(db);
		return rc < 0 ? cli_fail() : CLI_EXIT_OK;
	}
	/* The pages cover every document of the database unless --doc names one. */
	struct ct_db *db = NULL;
	struct query_doc *docs = NULL;
	size_t ndocs = 0;
	int rc = cli_open(&db, 0);
	if (rc == 0)
		rc = open_docs(&docs, &ndocs, db, a.doc);
	if (rc == 0)
		rc = do_status(db, docs, ndocs, &a, all ? PAGE_ALL : minutes ? PAGE_MINUTES : agenda ? PAGE_AGENDA : PAGE_STATUS);
	free_docs(docs, ndocs);
	db_free(db);
	free(pages);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}
