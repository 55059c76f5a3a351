-- Share record format 2 (docs/share-record.md): the header fields in a form every protocol shares. Rows written
-- before it keep their Stratum v1 columns (extranonce1 .. version_bits) and format 1; format-2 rows leave those NULL
-- and fill the new ones. The u32 header fields are bigint holding 0 .. 4294967295, as in SQLite.
ALTER TABLE accepted_share ADD COLUMN format smallint NOT NULL DEFAULT 1;
ALTER TABLE accepted_share ADD COLUMN protocol text;
ALTER TABLE accepted_share ADD COLUMN channel text;
ALTER TABLE accepted_share ADD COLUMN extranonce text;
ALTER TABLE accepted_share ADD COLUMN header_version bigint;
ALTER TABLE accepted_share ADD COLUMN header_ntime bigint;
ALTER TABLE accepted_share ADD COLUMN header_nonce bigint;
