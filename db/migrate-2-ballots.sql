-- migrate-2-ballots.sql - migration 2: ballots, found and hand-recorded.
--
-- Two kinds of table, kept apart on purpose (design decision 4):
--   * derived: commit_parents, refs.base and ballot_sources are written by
--     imports (and tracker/ballots.c after each import) and may be rebuilt;
--   * hand-recorded: ballots, ballot_phases and ballot_log are written only
--     by `cabtrack ballot ...` and never touched by an import or a sync.
-- A hand-recorded ballot names its document by name, not id, and its base
-- and head as the user gave them, so it survives any re-import.

-- Every parent of every imported commit (n = 0 is the first parent), so
-- that ancestry can be decided without the repository.
CREATE TABLE commit_parents (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	oid       TEXT NOT NULL,
	n         INTEGER NOT NULL,
	parent    TEXT NOT NULL,
	PRIMARY KEY (doc_id, oid, n)
) WITHOUT ROWID;
CREATE INDEX commit_parents_parent ON commit_parents(doc_id, parent);

-- The merge base of each ref with the main ref, computed by libgit2 at
-- import (NULL for the main ref itself and for plain files).
ALTER TABLE refs ADD COLUMN base TEXT;

-- Commits imported before this migration have no commit_parents rows and
-- their refs no base: forget the refs so that the next import walks the
-- whole history again (blobs and section texts already stored are not read
-- or parsed again, so this costs a walk, not an import).
DELETE FROM refs;

-- Where a ballot shows up in an imported repository.  Rebuilt per document
-- after each import.
CREATE TABLE ballot_sources (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	ballot_key TEXT NOT NULL,             -- ballot_name_normalize(), or the ref's short name for an unnamed draft
	name      TEXT NOT NULL,              -- as spelled where it was found
	kind      TEXT NOT NULL CHECK (kind IN ('merge', 'tag', 'pull', 'fork', 'branch', 'revision')),
	ref       TEXT,                       -- full ref name (tag, pull, fork, branch), else NULL
	base      TEXT,                       -- commit: first parent of a merge, else merge base with main
	head      TEXT,                       -- commit
	pr        INTEGER,                    -- pull-request number, from "(#228)" or refs/pull/228/head
	title     TEXT,                       -- commit subject or revision description
	version   TEXT,                       -- Revisions table: the version the ballot made
	dates     TEXT,                       -- Revisions table: JSON object column -> YYYY-MM-DD
	time      INTEGER,                    -- committer time of `head`
	ord       INTEGER NOT NULL,
	PRIMARY KEY (doc_id, ballot_key, kind, ord)
) WITHOUT ROWID;

-- Hand-recorded ballots: declared with `ballot add`, or a found ballot
-- whose lifecycle was recorded with `ballot set`.  Times are UTC, ISO 8601
-- ("2023-12-08T17:00:00Z").
CREATE TABLE ballots (
	id        INTEGER PRIMARY KEY,
	doc       TEXT NOT NULL,              -- document name
	ballot_key TEXT NOT NULL,
	name      TEXT NOT NULL,              -- as the user spelled it
	title     TEXT,
	base      TEXT,                       -- ref or commit as given to `ballot add`
	head      TEXT,
	pr        INTEGER,
	state     TEXT CHECK (state IN ('draft', 'discussion', 'voting', 'passed', 'failed',
	                                'ipr-review', 'effective', 'withdrawn')),
	type      TEXT CHECK (type IN ('maintenance', 'guideline')),
	discussion_start TEXT,
	vote_start TEXT,
	vote_end  TEXT,
	ipr_ends  TEXT,                       -- as given; when NULL it is derived from vote_end and type
	plan_from TEXT,                       -- 'adoption' or YYYY-MM-DD: what the phases count from
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL,
	UNIQUE (doc, ballot_key)
);

-- A planned phase-in: "SHOULD +6 months", "SHALL +12 months".
CREATE TABLE ballot_phases (
	ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
	ord       INTEGER NOT NULL,
	keyword   TEXT NOT NULL,
	offset    TEXT NOT NULL,              -- "+6 months", as ct_duration_parse reads it
	PRIMARY KEY (ballot_id, ord)
) WITHOUT ROWID;

-- Every change `ballot set` / `ballot plan` made, newest last.
CREATE TABLE ballot_log (
	id        INTEGER PRIMARY KEY,
	ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
	time      TEXT NOT NULL,
	field     TEXT NOT NULL,
	old       TEXT,
	new       TEXT
);
