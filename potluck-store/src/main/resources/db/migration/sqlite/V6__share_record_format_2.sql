-- Share record format 2 (docs/share-record.md): the header fields in a form every protocol shares. Rows written
-- before it keep their Stratum v1 columns (extranonce1 .. version_bits) and format 1; format-2 rows leave those NULL
-- and fill the new ones. ntime, nonce and header_version hold a u32 as 0 .. 4294967295.
ALTER TABLE accepted_share ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accepted_share ADD COLUMN protocol TEXT;
ALTER TABLE accepted_share ADD COLUMN channel TEXT;
ALTER TABLE accepted_share ADD COLUMN extranonce TEXT;
ALTER TABLE accepted_share ADD COLUMN header_version INTEGER;
ALTER TABLE accepted_share ADD COLUMN header_ntime INTEGER;
ALTER TABLE accepted_share ADD COLUMN header_nonce INTEGER;
