-- Bearing schema, version 1. Append-only: never edit a released migration; add 0002_... instead.

-- Marks the file as Bearing's ("BRNG"), so another program's database is never taken for ours.
PRAGMA application_id = 1112690247;

-- A person whose position is tracked. A leader usually has one ("Me"); a coach keeps several.
CREATE TABLE profile (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    created_at  TEXT    NOT NULL,              -- RFC 3339, UTC
    archived_at TEXT                           -- RFC 3339, UTC; NULL while active
);
CREATE UNIQUE INDEX profile_name ON profile (name COLLATE NOCASE);

INSERT INTO profile (id, name, created_at)
VALUES (1, 'Me', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- One completed questionnaire. The raw answers are kept (table `answer`) together with the
-- questionnaire version, so the score can always be recomputed; the computed position is stored
-- too, so history and charts never need to re-score.
CREATE TABLE assessment (
    id            INTEGER PRIMARY KEY,
    profile_id    INTEGER NOT NULL REFERENCES profile (id),
    -- Who answered: the leader about themselves, or someone else about the leader.
    rater         TEXT    NOT NULL DEFAULT 'self'
                          CHECK (rater IN ('self', 'coach', 'manager', 'peer')),
    taken_on      TEXT    NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at   TEXT    NOT NULL,            -- RFC 3339, UTC: when it was saved
    questionnaire TEXT    NOT NULL,
    focus         REAL    NOT NULL CHECK (focus BETWEEN 0 AND 100),
    autonomy      REAL    NOT NULL CHECK (autonomy BETWEEN 0 AND 100),
    quadrant      TEXT    NOT NULL
                          CHECK (quadrant IN ('low-everything', 'tech-busywork',
                                              'glorified-manager', 'impact-galore')),
    borderline    INTEGER NOT NULL CHECK (borderline IN (0, 1)),
    note          TEXT                         -- private to the leader
);
CREATE INDEX assessment_by_profile_date ON assessment (profile_id, taken_on, id);

CREATE TABLE answer (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    value         INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    note          TEXT,                        -- private to the leader
    PRIMARY KEY (assessment_id, item_id)
) WITHOUT ROWID;
