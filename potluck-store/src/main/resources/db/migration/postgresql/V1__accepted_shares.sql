-- Times are microseconds since the epoch (bigint), as in SQLite, so both stores keep exactly the same values.
-- Difficulties are double precision: PostgreSQL's "real" is only 4 bytes.
CREATE TABLE accepted_share (
  sequence        bigint PRIMARY KEY,
  time_us         bigint NOT NULL,
  address         text,
  worker          text,
  user_agent      text,
  job_id          text,
  difficulty      double precision NOT NULL,
  hash_difficulty double precision NOT NULL,
  block           boolean NOT NULL,
  block_hash      text,
  extranonce1     text,
  extranonce2     text,
  ntime           text,
  nonce           text,
  version_bits    text
);

-- Blocks are rare: a partial index finds the recent ones without scanning millions of shares.
CREATE INDEX accepted_share_blocks ON accepted_share (sequence) WHERE block;
