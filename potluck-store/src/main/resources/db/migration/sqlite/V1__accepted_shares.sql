-- The share table exactly as Potluck created it by hand before Flyway, so that such a database is adopted by
-- baselining it at version 1 (see Migrations) instead of being rebuilt.
CREATE TABLE accepted_share (
  sequence        INTEGER PRIMARY KEY,
  time_us         INTEGER NOT NULL,
  address         TEXT,
  worker          TEXT,
  user_agent      TEXT,
  job_id          TEXT,
  difficulty      REAL NOT NULL,
  hash_difficulty REAL NOT NULL,
  block           INTEGER NOT NULL,
  block_hash      TEXT,
  extranonce1     TEXT,
  extranonce2     TEXT,
  ntime           TEXT,
  nonce           TEXT,
  version_bits    TEXT
);

-- Blocks are rare: a partial index finds the recent ones without scanning millions of shares.
CREATE INDEX accepted_share_blocks ON accepted_share (sequence) WHERE block = 1;
