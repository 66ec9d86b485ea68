-- schema.sql - cabtrack's database, migration 1 (PRAGMA user_version = 1).
--
-- Content addressing end to end: a version of a document is an ordered list
-- of section texts; a section text is stored once however many versions (and
-- documents) share it, and everything parsed out of it (requirements, dated
-- obligations, revision rows) hangs off the section text, so it is parsed
-- once.  Imports write documents, versions, section texts, commits and refs;
-- nothing an import writes is ever hand-recorded, and hand-recorded tables
-- (added by later migrations) are never touched by an import.

CREATE TABLE documents (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE,       -- SBR, BR, CSBR: as the user names it
	repo      TEXT,                       -- the repository (or file) it was imported from
	path      TEXT NOT NULL,              -- the file inside the repository
	main_ref  TEXT                        -- the ref queries default to (main, else HEAD)
);

-- One row per distinct section text.  `hash` is XXH3-128 of `text`.
CREATE TABLE section_texts (
	id        INTEGER PRIMARY KEY,
	hash      BLOB NOT NULL UNIQUE,
	number    TEXT,                       -- "4.2.2.1"; NULL for front matter and unnumbered headings
	title     TEXT NOT NULL,              -- heading text without the number
	level     INTEGER NOT NULL,           -- 0 for the front matter, else 1..6
	lines     INTEGER NOT NULL,           -- line count, to compute line ranges per version
	text      TEXT NOT NULL               -- the Markdown, heading line included
);

-- One row per distinct content of the document's file.
CREATE TABLE versions (
	id        INTEGER PRIMARY KEY,
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	blob      TEXT NOT NULL,              -- git blob id (hex) of the file content
	title     TEXT,                       -- front matter
	subtitle  TEXT,
	label     TEXT,                       -- "1.0.10" from "subtitle: Version 1.0.10"
	doc_date  TEXT,                       -- front matter date as written
	size      INTEGER NOT NULL,
	sections  TEXT NOT NULL,              -- JSON array of section_texts ids, in document order
	first_time INTEGER,                   -- committer time of the first commit seen with it
	UNIQUE (doc_id, blob)
);

CREATE TABLE commits (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	oid       TEXT NOT NULL,
	parent    TEXT,                       -- first parent, NULL for a root
	nparents  INTEGER NOT NULL,
	time      INTEGER NOT NULL,           -- committer time, seconds since the epoch
	summary   TEXT NOT NULL,              -- first line of the message
	ballot    TEXT,                       -- ballot named in the subject, as spelled
	version_id INTEGER REFERENCES versions(id), -- NULL when the file is absent there
	PRIMARY KEY (doc_id, oid)
) WITHOUT ROWID;
CREATE INDEX commits_version ON commits(version_id);

CREATE TABLE refs (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	name      TEXT NOT NULL,              -- full name: refs/heads/main, refs/tags/Ballot_SMC05
	oid       TEXT NOT NULL,              -- the commit it pointed at when imported
	PRIMARY KEY (doc_id, name)
) WITHOUT ROWID;

-- Sentences and list items carrying RFC 2119 keywords.
CREATE TABLE requirements (
	section_text_id INTEGER NOT NULL REFERENCES section_texts(id),
	ord       INTEGER NOT NULL,
	rid       TEXT NOT NULL,              -- 16 hex digits of XXH3 over the normalised text
	keyword   TEXT NOT NULL,              -- the first keyword: MUST, SHALL NOT, ...
	keywords  TEXT NOT NULL,              -- every keyword, comma separated
	negated   INTEGER NOT NULL,
	line      INTEGER NOT NULL,           -- line within the section text, from 1
	text      TEXT NOT NULL,
	PRIMARY KEY (section_text_id, ord)
) WITHOUT ROWID;
CREATE INDEX requirements_rid ON requirements(rid);

-- Dated obligations: compliance-table rows and dated phrases in requirements.
CREATE TABLE obligations (
	section_text_id INTEGER NOT NULL REFERENCES section_texts(id),
	ord       INTEGER NOT NULL,
	date      TEXT NOT NULL,              -- YYYY-MM-DD
	keyword   TEXT,                       -- MUST, SHALL, SHOULD, ... or NULL
	ballot    TEXT,                       -- as the table spells it (table rows only)
	ballot_key TEXT,                      -- normalised, see importers/ballot_name.h
	version   TEXT,                       -- the table's Version column (table rows only)
	description TEXT NOT NULL,
	sections  TEXT NOT NULL,              -- JSON array of section numbers the row names
	source    TEXT NOT NULL CHECK (source IN ('table', 'text')),
	phrase    TEXT,                       -- starting, effective, prior-to, ... (text only)
	rid       TEXT,                       -- the requirement it is in (text only)
	line      INTEGER NOT NULL,
	PRIMARY KEY (section_text_id, ord)
) WITHOUT ROWID;
CREATE INDEX obligations_date ON obligations(date);

-- Rows of the Revisions table; `dates` is a JSON object: column name -> YYYY-MM-DD.
CREATE TABLE revisions (
	section_text_id INTEGER NOT NULL REFERENCES section_texts(id),
	ord       INTEGER NOT NULL,
	version   TEXT,
	ballot    TEXT,
	ballot_key TEXT,
	description TEXT NOT NULL,
	dates     TEXT NOT NULL,
	PRIMARY KEY (section_text_id, ord)
) WITHOUT ROWID;

-- Derived by the tracker after each import (tracker/link.c): for each dated
-- phrase in the text, the commit on the main ref's first-parent history
-- where it first appeared, and the ballot that carried it.  Two keys per
-- phrase: "r|date|keyword|requirement id" follows a requirement moved to
-- another section, "s|date|keyword|section" one edited in place; a phrase's
-- origin is the earlier (lower pos) of the two.  Rebuilt whole.
CREATE TABLE date_origins (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	okey      TEXT NOT NULL,
	pos       INTEGER NOT NULL,           -- index in the first-parent history, oldest 0
	commit_oid TEXT NOT NULL,
	version_id INTEGER NOT NULL REFERENCES versions(id),
	ballot    TEXT,                       -- as spelled where it was found
	ballot_key TEXT,
	PRIMARY KEY (doc_id, okey)
) WITHOUT ROWID;
