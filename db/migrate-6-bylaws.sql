-- migrate-6-bylaws.sql - migration 6: what the Bylaws need to know of a
-- hand-recorded ballot (Bylaws v2.5, 2.3 and 2.4).
--
-- Hand-recorded (design decision 4): written only by `cabtrack ballot set`
-- and `cabtrack ballot vote`, exported and imported with the state file.
-- Times are UTC, ISO 8601, as the other lifecycle columns.  From these and
-- the older columns tracker/ballots.c derives the Bylaws' dates; a column
-- that is set always wins over the date derived for it.
ALTER TABLE ballots ADD COLUMN proposer TEXT;        -- "Name (Member)", as given
ALTER TABLE ballots ADD COLUMN endorsers TEXT;       -- JSON array of "Name (Member)", as given
ALTER TABLE ballots ADD COLUMN last_version TEXT;    -- when the last version was posted (else discussion_start)
ALTER TABLE ballots ADD COLUMN result_at TEXT;       -- when the vote's result was announced
ALTER TABLE ballots ADD COLUMN review_start TEXT;    -- the Review Notice's start of the IP review
ALTER TABLE ballots ADD COLUMN votes_issuers TEXT;   -- "YES/NO/ABSTAIN" of Certificate Issuers
ALTER TABLE ballots ADD COLUMN votes_consumers TEXT; -- "YES/NO/ABSTAIN" of Certificate Consumers
