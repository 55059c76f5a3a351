-- Each mining.set_difficulty the pool wrote to a connection (named by its extranonce1), with the height and job of the
-- notify that followed it: published so that a verifier can check every share's credited difficulty against what its
-- connection was really assigned. double precision keeps the difficulty bit for bit, as the shares' column does.
CREATE TABLE difficulty_assignment (
  sequence    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time_us     bigint           NOT NULL,
  extranonce1 text             NOT NULL,
  height      integer          NOT NULL,
  job_id      text             NOT NULL,
  difficulty  double precision NOT NULL
);
