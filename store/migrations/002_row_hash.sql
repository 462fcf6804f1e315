-- Version 2: every case row carries the hash of its recorded fields (see store/rowhash.go),
-- so that `baoan audit verify` finds a row changed around the program. The rows already
-- there are sealed by the migration itself (sealCases).
ALTER TABLE cases ADD COLUMN row_hash TEXT NOT NULL DEFAULT '';
