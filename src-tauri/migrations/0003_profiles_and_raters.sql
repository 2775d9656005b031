-- Bearing schema, version 3: a rhythm per profile, and one draft per profile and rater.

-- How often the person means to take an assessment, in days (monthly by default).
ALTER TABLE profile ADD COLUMN cadence_days INTEGER NOT NULL DEFAULT 30
    CHECK (cadence_days BETWEEN 7 AND 366);

-- A coach answering about a leader during a session must not overwrite the leader's own draft.
CREATE TABLE draft_v3 (
    profile_id    INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,
    rater         TEXT    NOT NULL DEFAULT 'self'
                          CHECK (rater IN ('self', 'coach', 'manager', 'peer')),
    body          TEXT    NOT NULL CHECK (json_valid(body)),
    updated_at    TEXT    NOT NULL,            -- RFC 3339, UTC
    PRIMARY KEY (profile_id, rater)
) WITHOUT ROWID;
INSERT INTO draft_v3 (profile_id, rater, body, updated_at)
    SELECT profile_id, 'self', body, updated_at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_v3 RENAME TO draft;
