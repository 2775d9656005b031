-- Bearing schema, version 4: how each assessment was answered is kept with it, and the leader can
-- confirm a flagged one.

-- The response-quality flags raised when it was saved (comma-separated ids, e.g.
-- 'straight-lining,long-run'; empty when none). A flagged assessment is provisional until
-- confirmed. Filled in for existing assessments right after this file runs.
ALTER TABLE assessment ADD COLUMN flags TEXT NOT NULL DEFAULT '';
-- The median time per statement in the window, in seconds; NULL when it was not timed (the
-- command line, sheets, imports).
ALTER TABLE assessment ADD COLUMN median_seconds REAL CHECK (median_seconds IS NULL OR median_seconds >= 0);
-- When the leader confirmed a flagged assessment (RFC 3339, UTC); NULL while it is provisional.
ALTER TABLE assessment ADD COLUMN confirmed_at TEXT;
