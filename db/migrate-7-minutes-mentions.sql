-- migrate-7-minutes-mentions.sql - migration 7: what a minutes post says
-- about drafts and ballots.
--
-- Hand-recorded like the meetings (design decision 4): written only by
-- `cabtrack import minutes`, which replaces a meeting's rows each time its
-- post is imported; never by an import of a document or a sync.  The
-- status page of the next meeting lists the drafts a post names (its
-- compare and branch links) and takes the IP review ends it states.

CREATE TABLE minutes_mentions (
	meeting   TEXT NOT NULL,              -- the meeting the post describes (meetings.date)
	ord       INTEGER NOT NULL,           -- in the order of the post
	kind      TEXT NOT NULL CHECK (kind IN ('compare', 'branch', 'ipr_end')),
	url       TEXT,                       -- compare, branch: the link as written
	owner     TEXT,                       -- compare, branch: the repository's owner
	repo      TEXT,                       -- and name
	base      TEXT,                       -- compare: the base commit or ref
	head      TEXT,                       -- compare: the head; branch: the branch
	ballot_key TEXT,                      -- ipr_end: the ballot (ballot_name_normalize)
	name      TEXT,                       -- ipr_end: the ballot as written
	time      TEXT,                       -- ipr_end: ISO 8601 UTC, or YYYY-MM-DD when no time is given
	context   TEXT NOT NULL,              -- the paragraph that says it (at most 1,000 bytes)
	PRIMARY KEY (meeting, ord)
) WITHOUT ROWID;
