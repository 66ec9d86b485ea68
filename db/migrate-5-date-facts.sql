-- migrate-5-date-facts.sql - migration 5: where each dated obligation was
-- first seen, and on which refs.
--
-- Derived (design decision 4): rebuilt by tracker/sightings.c after every
-- import that walked history.  date_origins (migration 1) now also holds
-- compliance-table rows, under "t|date|keyword|description" keys
-- (tracker/link.h); the next import of a document that has no sightings
-- yet rebuilds both, even when its history did not grow.
--
-- One row per dated obligation ever imported, identified by its source,
-- date, keyword and (normalised) description; `section_text_id` and `ord`
-- name its first occurrence in the obligations table.
CREATE TABLE date_sightings (
	doc_id    INTEGER NOT NULL REFERENCES documents(id),
	dkey      TEXT NOT NULL,
	section_text_id INTEGER NOT NULL,
	ord       INTEGER NOT NULL,
	section   TEXT,                       -- the number of the section it was first seen in
	first_version_id INTEGER NOT NULL REFERENCES versions(id),
	first_commit TEXT,                    -- the oldest commit holding that version
	on_main   INTEGER NOT NULL,           -- 1 when a version on the main ref's first-parent history has it
	refs      TEXT NOT NULL,              -- JSON array of short ref names where it was seen
	ballot    TEXT,                       -- the ballot that brought it to main (else as the table names it)
	ballot_key TEXT,
	ord_seen  INTEGER NOT NULL,           -- order of first appearance
	PRIMARY KEY (doc_id, dkey)
) WITHOUT ROWID;
