-- Version 3: indexes for the ledger's (台账) filters on a large database. The ledger lists
-- newest first, ordered by (received_on, id), one page of 100 at a time (store/search.go).
-- Measured on the demo data of a million cases with ui/ledger_bench_test.go; sizes are
-- for that 2.1 GB file, whose cases table is about 640 MB. Together the indexes take
-- 55 MB there (2.6 %), this step builds them in about 6 s, and loading demo data in bulk
-- is about 5 % slower; one case saved by hand does not notice.
--
-- An index that starts with the filtered column and continues with received_on hands out
-- a filtered page in ledger order, so a page reads its own rows and no others, however
-- common the value. Without it SQLite found the matching rows through the index on the
-- column alone and sorted all of them: 6 s for 已办结 (three cases in four), 0.3 s for a
-- channel. About 25 MB each.
CREATE INDEX cases_ledger_status ON cases(status, received_on);
-- The channel's index is partial, and the ledger's filter repeats its condition (always
-- true of a case), so that only the ledger uses it: the statistics queries range over
-- channel too, and SQLite, seeing a second index on channel and received_on, ranked
-- their covering indexes (001_initial.sql) below one that reads the table.
CREATE INDEX cases_ledger_channel ON cases(channel, received_on) WHERE channel <> '';

-- 积案 come only from cases over half a year old, so a walk of the newest cases found
-- none for a long while (0.8 s for the first page). Under 1 MB.
CREATE INDEX cases_ledger_backlog ON cases(received_on) WHERE backlog;

-- 挂牌督办 had no index: counting them read the whole table (0.6 s), and the 工作台's
-- figure of open supervised cases read every open case (0.1 s). The statuses are in the index so
-- that both count from the index alone. Under 1 MB.
CREATE INDEX cases_ledger_supervised ON cases(status, received_on) WHERE supervised;

-- The cases a leader carries (包案), the 包案领导 filter and a leader's own read scope:
-- the case ids come from the index without reading each assignment (search.go's
-- planCarried counts them to choose a plan). About 4 MB.
CREATE INDEX assignments_ledger_leader ON assignments(leader_id, case_id);
