-- placeholder, replaced by the real schema
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
