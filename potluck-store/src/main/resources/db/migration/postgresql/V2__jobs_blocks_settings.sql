-- json columns are text, not jsonb: the pool's JSON is opaque and must come back byte for byte (jsonb reorders keys).
CREATE TABLE job (
  cursor     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id     text   NOT NULL UNIQUE,
  height     integer NOT NULL,
  created_us bigint NOT NULL,
  json       text   NOT NULL
);

CREATE TABLE found_block (
  block_hash     text PRIMARY KEY,
  height         integer NOT NULL,
  job_id         text,
  share_sequence bigint  NOT NULL,
  finder_address text,
  accepted       boolean NOT NULL,
  time_us        bigint  NOT NULL,
  json           text    NOT NULL
);

CREATE INDEX found_block_height ON found_block (height);

CREATE TABLE setting (
  name  text PRIMARY KEY,
  value text NOT NULL
);
