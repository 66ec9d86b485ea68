-- migrate-3-github.sql - migration 3: GitHub issues and pull requests.
--
-- Everything here is derived data (design decision 4): `cabtrack sync
-- github` and `cabtrack import github` write gh_repos, gh_issues and
-- gh_etags; tracker/issue_link.c rebuilds issue_links after each of them.
-- Nothing hand-recorded lives in these tables, so any of them may be
-- emptied and filled again by the next sync.  Times are GitHub's, UTC ISO
-- 8601 ("2024-02-20T16:41:16Z"), so that they compare as strings.  Titles
-- and bodies are stored as the API gave them, HTML and all: they are text,
-- and whatever shows them escapes them.

-- One GitHub repository whose issues are tracked.
CREATE TABLE gh_repos (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE COLLATE NOCASE, -- OWNER/REPO
	doc       TEXT,                       -- the document its issues are linked against (documents.name)
	api_url   TEXT,                       -- the API of the last sync (NULL when only imported from files)
	since     TEXT,                       -- the window synced: issues updated since then (NULL: all)
	last_updated_at TEXT,                 -- the newest updated_at stored
	synced_at TEXT                        -- when the last complete sync ended (NULL: never synced)
);

-- Issues and pull requests, from the issue listing (/issues) and, for pull
-- requests, the pull listing (/pulls) that adds heads, bases and merges.
CREATE TABLE gh_issues (
	repo_id   INTEGER NOT NULL REFERENCES gh_repos(id),
	number    INTEGER NOT NULL,
	title     TEXT NOT NULL,
	body      TEXT,
	state     TEXT NOT NULL,              -- open, closed
	state_reason TEXT,                    -- completed, not_planned, reopened, or NULL
	is_pull_request INTEGER NOT NULL,
	user_login TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	closed_at TEXT,
	html_url  TEXT,
	labels    TEXT NOT NULL DEFAULT '[]', -- JSON array of label names, as listed
	merged_at TEXT,                       -- pull requests: when merged, else NULL
	head_ref  TEXT,                       -- pull requests (from /pulls): head branch name
	head_label TEXT,                      -- "owner:branch"
	head_sha  TEXT,                       -- head commit
	base_ref  TEXT,                       -- base branch name
	PRIMARY KEY (repo_id, number)
) WITHOUT ROWID;
CREATE INDEX gh_issues_updated ON gh_issues(repo_id, updated_at);

-- The ETag of each API page fetched, sent back as If-None-Match; a 304
-- means the page, and so what was stored from it, is unchanged.  `next` is
-- the page's Link rel="next", so that paging can go on past a 304.
CREATE TABLE gh_etags (
	url       TEXT PRIMARY KEY,
	etag      TEXT NOT NULL,
	next      TEXT,
	fetched_at TEXT NOT NULL
) WITHOUT ROWID;

-- What each issue refers to, rebuilt per repository after every sync or
-- import (tracker/issue_link.c):
--   section: target is a section number ("7.1.2.3"), resolved when the
--            document version current on the issue's creation date has it;
--   ballot:  target is a ballot key (importers/ballot_name.h: "SMC5"),
--            resolved when the document's history names that ballot;
--   issue:   target is "#N" in the same repository or "OWNER/REPO#N",
--            resolved when that issue is stored;
--   ref:     target is a git ref of the document ("refs/pull/228/head");
--   addressed: target is the key of a ballot (or draft) that addresses the
--            issue: "#N", "Fixes #N" or the issue's URL in the body of a
--            pull request carrying the ballot (source "pull", text "#228"),
--            or in the subject of a commit on its branch (source "commit").
CREATE TABLE issue_links (
	repo_id   INTEGER NOT NULL REFERENCES gh_repos(id),
	number    INTEGER NOT NULL,
	kind      TEXT NOT NULL CHECK (kind IN ('section', 'ballot', 'issue', 'ref', 'addressed')),
	target    TEXT NOT NULL,
	doc       TEXT,                       -- documents.name it was resolved against (section, ballot, ref)
	resolved  INTEGER NOT NULL,
	source    TEXT NOT NULL,              -- where it was found: title, body, label, merge, pull
	text      TEXT NOT NULL,              -- the text that matched, as written
	PRIMARY KEY (repo_id, number, kind, target)
) WITHOUT ROWID;
CREATE INDEX issue_links_target ON issue_links(kind, target);
