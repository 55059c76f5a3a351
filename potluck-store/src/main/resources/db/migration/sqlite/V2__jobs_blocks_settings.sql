-- The hand-made version table of databases created before Flyway; Flyway's history replaces it.
DROP TABLE IF EXISTS schema_version;

-- AUTOINCREMENT, not a plain rowid: a cursor must never be reused, even after the newest job is deleted, because API
-- clients resume downloads from the last cursor they saw.
CREATE TABLE job (
  cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id     TEXT    NOT NULL UNIQUE,
  height     INTEGER NOT NULL,
  created_us INTEGER NOT NULL,
  json       TEXT    NOT NULL
);

CREATE TABLE found_block (
  block_hash     TEXT PRIMARY KEY,
  height         INTEGER NOT NULL,
  job_id         TEXT,
  share_sequence INTEGER NOT NULL,
  finder_address TEXT,
  accepted       INTEGER NOT NULL,
  time_us        INTEGER NOT NULL,
  json           TEXT    NOT NULL
);

CREATE INDEX found_block_height ON found_block (height);

CREATE TABLE setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
