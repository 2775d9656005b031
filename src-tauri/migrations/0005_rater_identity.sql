-- Bearing schema, version 5: who answered. Every assessment by someone else carries the id of the
-- sheet they answered (or of this Bearing's window) and, for a coach or manager, the name they
-- gave; direct reports become a kind of rater. SQLite cannot change a CHECK in place, so the two
-- tables whose CHECK lists the kinds are rebuilt (foreign keys are off while this runs, and
-- checked before it commits). Each existing assessment by someone else gets a random UUID (v4) of
-- its own: who answered it was never recorded, so no two are assumed to be the same person.

CREATE TABLE assessment_v5 (
    id            INTEGER PRIMARY KEY,
    profile_id    INTEGER NOT NULL REFERENCES profile (id),
    -- Who answered: the leader about themselves, or someone else about the leader.
    rater         TEXT    NOT NULL DEFAULT 'self'
                          CHECK (rater IN ('self', 'coach', 'manager', 'peer', 'direct-report')),
    taken_on      TEXT    NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at   TEXT    NOT NULL,            -- RFC 3339, UTC: when it was saved
    questionnaire TEXT    NOT NULL,
    focus         REAL    NOT NULL CHECK (focus BETWEEN 0 AND 100),
    autonomy      REAL    NOT NULL CHECK (autonomy BETWEEN 0 AND 100),
    quadrant      TEXT    NOT NULL
                          CHECK (quadrant IN ('low-everything', 'tech-busywork',
                                              'glorified-manager', 'impact-galore')),
    borderline    INTEGER NOT NULL CHECK (borderline IN (0, 1)),
    note          TEXT,                        -- private to the leader
    flags         TEXT    NOT NULL DEFAULT '',
    median_seconds REAL   CHECK (median_seconds IS NULL OR median_seconds >= 0),
    confirmed_at  TEXT,
    -- The sheet's id (a UUID) for another rater; NULL exactly for the leader's own.
    rater_id      TEXT    CHECK (rater_id IS NULL OR length(rater_id) BETWEEN 1 AND 64),
    -- The name a coach or manager gave; never kept for peers and direct reports.
    rater_name    TEXT    CHECK (rater_name IS NULL OR
                                 (length(trim(rater_name)) BETWEEN 1 AND 80
                                  AND rater IN ('coach', 'manager'))),
    CHECK ((rater = 'self') = (rater_id IS NULL))
);
INSERT INTO assessment_v5 (id, profile_id, rater, taken_on, recorded_at, questionnaire, focus,
                           autonomy, quadrant, borderline, note, flags, median_seconds,
                           confirmed_at, rater_id)
    SELECT id, profile_id, rater, taken_on, recorded_at, questionnaire, focus, autonomy, quadrant,
           borderline, note, flags, median_seconds, confirmed_at,
           CASE WHEN rater = 'self' THEN NULL
                ELSE lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
                     || substr(lower(hex(randomblob(2))), 2) || '-'
                     || substr('89ab', 1 + abs(random() % 4), 1)
                     || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
           END
    FROM assessment;
DROP TABLE assessment;
ALTER TABLE assessment_v5 RENAME TO assessment;
CREATE INDEX assessment_by_profile_date ON assessment (profile_id, taken_on, id);

CREATE TABLE draft_v5 (
    profile_id    INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,
    rater         TEXT    NOT NULL DEFAULT 'self'
                          CHECK (rater IN ('self', 'coach', 'manager', 'peer', 'direct-report')),
    body          TEXT    NOT NULL CHECK (json_valid(body)),
    updated_at    TEXT    NOT NULL,            -- RFC 3339, UTC
    PRIMARY KEY (profile_id, rater)
) WITHOUT ROWID;
INSERT INTO draft_v5 (profile_id, rater, body, updated_at)
    SELECT profile_id, rater, body, updated_at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_v5 RENAME TO draft;
