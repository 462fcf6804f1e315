-- Version 4: a version on each of the four duties (四包职责), as cases and 包案 have one.
-- Two desks editing the same duty's progress: the second save is refused and shows what
-- the first saved, instead of overwriting it (store/assign.go, UpdateDuty). Existing
-- duties start at version 1; adding a column with a constant default rewrites nothing.
ALTER TABLE duties ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
