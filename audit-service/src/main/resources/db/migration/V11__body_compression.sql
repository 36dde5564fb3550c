-- Record bodies are compressed with lz4 instead of PostgreSQL's default pglz (issue 7 §6, ingest). pglz took 18-21 µs of
-- the database's 73-78 µs of CPU a stored record (bench/ingest.sh store; perf: pglz_compress was a quarter of the
-- backend's samples). lz4 costs next to nothing and compresses nearly as well (the database 9 % larger); it applies to
-- rows stored from now on.
-- A server built without lz4 (the embedded one: zonky's binaries) refuses it; there bodies are stored uncompressed
-- (STORAGE EXTERNAL: out of line when long, as before, but not compressed): about 1.5 times the disk, for the same
-- CPU saving. Debian's, the official Docker images' and the managed services' builds have lz4.
DO $$
BEGIN
  ALTER TABLE audit_record ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE audit_record ALTER COLUMN body SET STORAGE EXTERNAL;
END $$;
