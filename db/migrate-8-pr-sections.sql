-- migrate-8-pr-sections.sql - migration 8: the sections each pull request
-- changes.
--
-- Derived (design decision 4): rebuilt per repository by
-- tracker/pr_sections.c after every `import`, `import github` and `sync
-- github`, like issue_links.  A pull request's changes are the sections
-- that differ between the version at its merge base with main (refs.base,
-- computed by libgit2 at import) and the version at its head
-- (refs/pull/N/head), as tracker/diff.c compares them; a pull request
-- whose head ref was not imported has no rows.
CREATE TABLE pr_sections (
	repo_id   INTEGER NOT NULL REFERENCES gh_repos(id),
	number    INTEGER NOT NULL,
	doc       TEXT NOT NULL,              -- documents.name compared
	section   TEXT NOT NULL,              -- the number at the head (at the merge base when removed)
	old_section TEXT,                     -- moved: the number at the merge base
	title     TEXT NOT NULL,
	change    TEXT NOT NULL CHECK (change IN ('added', 'removed', 'modified', 'moved')),
	head      TEXT NOT NULL,              -- the commit refs/pull/N/head named when imported
	base      TEXT NOT NULL,              -- its merge base with the main ref
	PRIMARY KEY (repo_id, number, section)
) WITHOUT ROWID;
CREATE INDEX pr_sections_section ON pr_sections(doc, section);
