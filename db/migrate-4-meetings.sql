-- migrate-4-meetings.sql - migration 4: the working group's meetings.
--
-- Hand-recorded (design decision 4): written only by `cabtrack meeting
-- add` and `cabtrack import minutes` (which records the meeting a minutes
-- post describes, and the next call it announces), never by an import of a
-- document or a sync.  A meeting is a day in its zone, with a start time
-- when known; status pages describe the state at a meeting and what
-- changed since the previous one.

CREATE TABLE meetings (
	id        INTEGER PRIMARY KEY,
	date      TEXT NOT NULL UNIQUE,       -- YYYY-MM-DD, the day in the meeting's zone
	time      TEXT,                       -- HH:MM in the meeting's zone, NULL when not known
	tz        TEXT,                       -- IANA zone ("America/New_York"); NULL: UTC
	start_utc TEXT,                       -- ISO 8601 UTC start when the time is known
	title     TEXT,
	source    TEXT NOT NULL,              -- 'recorded', 'minutes' (a minutes post), 'announced' (a "Next call:" line)
	minutes   TEXT,                       -- the minutes post it came from (file name), if any
	tags      TEXT NOT NULL DEFAULT '[]', -- JSON array: the post's front matter tags
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL
);
