-- What became of each found block (pending, in_chain, confirmed, orphaned, rejected): the pool re-checks it against its
-- node's best chain. Blocks recorded before this column existed start as what their acceptance said.
ALTER TABLE found_block ADD COLUMN status TEXT NOT NULL DEFAULT 'pending';
UPDATE found_block SET status = 'rejected' WHERE accepted = 0;
