-- Each mining.set_difficulty the pool wrote to a connection (named by its extranonce1), with the height and job of the
-- notify that followed it: published so that a verifier can check every share's credited difficulty against what its
-- connection was really assigned. AUTOINCREMENT: the sequence is an API cursor and must never be reused.
CREATE TABLE difficulty_assignment (
  sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
  time_us     INTEGER NOT NULL,
  extranonce1 TEXT    NOT NULL,
  height      INTEGER NOT NULL,
  job_id      TEXT    NOT NULL,
  difficulty  REAL    NOT NULL
);
