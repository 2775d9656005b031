-- Bearing schema, version 2: commitments to growth actions, and questionnaire drafts.

-- A growth action the leader committed to after an assessment, for the period until the next one.
-- It stays open (status NULL) until a later assessment reviews it; the review is kept with it.
CREATE TABLE commitment (
    id            INTEGER PRIMARY KEY,
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
CREATE INDEX commitment_open ON commitment (assessment_id) WHERE status IS NULL;
CREATE INDEX commitment_reviewed_in ON commitment (reviewed_in);

-- The questionnaire a profile has started but not submitted: at most one per profile, replaced on
-- every change and removed in the same transaction that saves the assessment.
CREATE TABLE draft (
    profile_id    INTEGER PRIMARY KEY REFERENCES profile (id) ON DELETE CASCADE,
    body          TEXT    NOT NULL CHECK (json_valid(body)),
    updated_at    TEXT    NOT NULL             -- RFC 3339, UTC
);
