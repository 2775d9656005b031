-- Bearing schema, version 6: stable identities. Every person, assessment and commitment gets a
-- random UUID (v4) that stays with it in every database it reaches, so that an import finds it
-- again by id and never by name. New rows get theirs from the column's default, existing rows
-- theirs as they are copied. A person from another database that was put into someone here is
-- remembered in `profile_link`, so the next file from them lands in the same place.
--
-- SQLite cannot add a NOT NULL column without a constant default, so the three tables are rebuilt
-- (foreign keys are off while this runs, and checked before it commits); their integer ids, which
-- the rows refer to each other by, are kept.

CREATE TABLE profile_v6 (
    id          INTEGER PRIMARY KEY,
    -- The person's identity across databases: lower-case hyphenated UUID.
    uuid        TEXT    NOT NULL UNIQUE
                        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
                                 || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
                                 || substr('89ab', 1 + abs(random() % 4), 1)
                                 || substr(lower(hex(randomblob(2))), 2) || '-'
                                 || lower(hex(randomblob(6))))
                        CHECK (length(uuid) = 36 AND NOT uuid GLOB '*[^0-9a-f-]*'),
    name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    created_at  TEXT    NOT NULL,              -- RFC 3339, UTC
    archived_at TEXT,                          -- RFC 3339, UTC; NULL while active
    cadence_days INTEGER NOT NULL DEFAULT 30 CHECK (cadence_days BETWEEN 7 AND 366)
);
INSERT INTO profile_v6 (id, name, created_at, archived_at, cadence_days)
    SELECT id, name, created_at, archived_at, cadence_days FROM profile;
DROP TABLE profile;
ALTER TABLE profile_v6 RENAME TO profile;
CREATE UNIQUE INDEX profile_name ON profile (name COLLATE NOCASE);

CREATE TABLE assessment_v6 (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE
                          DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
                                   || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
                                   || substr('89ab', 1 + abs(random() % 4), 1)
                                   || substr(lower(hex(randomblob(2))), 2) || '-'
                                   || lower(hex(randomblob(6))))
                          CHECK (length(uuid) = 36 AND NOT uuid GLOB '*[^0-9a-f-]*'),
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
INSERT INTO assessment_v6 (id, profile_id, rater, taken_on, recorded_at, questionnaire, focus,
                           autonomy, quadrant, borderline, note, flags, median_seconds,
                           confirmed_at, rater_id, rater_name)
    SELECT id, profile_id, rater, taken_on, recorded_at, questionnaire, focus, autonomy, quadrant,
           borderline, note, flags, median_seconds, confirmed_at, rater_id, rater_name
    FROM assessment;
DROP TABLE assessment;
ALTER TABLE assessment_v6 RENAME TO assessment;
CREATE INDEX assessment_by_profile_date ON assessment (profile_id, taken_on, id);

CREATE TABLE commitment_v6 (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE
                          DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
                                   || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
                                   || substr('89ab', 1 + abs(random() % 4), 1)
                                   || substr(lower(hex(randomblob(2))), 2) || '-'
                                   || lower(hex(randomblob(6))))
                          CHECK (length(uuid) = 36 AND NOT uuid GLOB '*[^0-9a-f-]*'),
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    action_id     TEXT    NOT NULL CHECK (length(action_id) BETWEEN 1 AND 64),
    position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),  -- the order chosen
    committed_at  TEXT    NOT NULL,            -- RFC 3339, UTC
    status        TEXT    CHECK (status IN ('done', 'partly', 'not-started')),
    review_note   TEXT,                        -- private to the leader
    reviewed_in   INTEGER REFERENCES assessment (id),
    CHECK ((status IS NULL) = (reviewed_in IS NULL)),
    CHECK (status IS NOT NULL OR review_note IS NULL),
    UNIQUE (assessment_id, action_id),
    UNIQUE (assessment_id, position)
);
INSERT INTO commitment_v6 (id, assessment_id, action_id, position, committed_at, status,
                           review_note, reviewed_in)
    SELECT id, assessment_id, action_id, position, committed_at, status, review_note, reviewed_in
    FROM commitment;
DROP TABLE commitment;
ALTER TABLE commitment_v6 RENAME TO commitment;
CREATE INDEX commitment_open ON commitment (assessment_id) WHERE status IS NULL;
CREATE INDEX commitment_reviewed_in ON commitment (reviewed_in);

-- A person of another database (their UUID there) that was put into a person here, by choice.
CREATE TABLE profile_link (
    foreign_uuid  TEXT    PRIMARY KEY
                          CHECK (length(foreign_uuid) = 36
                                 AND NOT foreign_uuid GLOB '*[^0-9a-f-]*'),
    profile_id    INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,
    linked_at     TEXT    NOT NULL             -- RFC 3339, UTC
) WITHOUT ROWID;
CREATE INDEX profile_link_by_profile ON profile_link (profile_id);
