-- Bearing schema, version 8: exchange folders. A person here can be linked to a folder that a
-- file-sync engine replicates to another computer, and to the other Bearing's key. Bearing writes
-- one immutable encrypted file per change there and reads the other side's; it never puts the
-- database there. Deletions travel as tombstones: an assessment deleted here is remembered by id,
-- so a copy arriving later (a delayed file, an import) does not bring it back.

CREATE TABLE exchange_link (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL UNIQUE REFERENCES profile (id) ON DELETE CASCADE,
    folder      TEXT    NOT NULL CHECK (length(folder) BETWEEN 1 AND 4096),
    recipient   TEXT    NOT NULL CHECK (recipient GLOB 'age1*' AND length(recipient) = 62),
    linked_at   TEXT    NOT NULL,              -- RFC 3339, UTC
    -- A digest of what was last written to the folder, so a pass with nothing new writes nothing.
    sent_digest TEXT
);

-- Changes read (or written) in a linked folder, by the change's id: a duplicate or a sync
-- engine's conflict copy of one has the same id and is not applied twice.
CREATE TABLE exchange_seen (
    link_id     INTEGER NOT NULL REFERENCES exchange_link (id) ON DELETE CASCADE,
    change_id   TEXT    NOT NULL CHECK (length(change_id) = 36),
    seen_at     TEXT    NOT NULL,              -- RFC 3339, UTC
    PRIMARY KEY (link_id, change_id)
) WITHOUT ROWID;

CREATE TABLE deleted_assessment (
    uuid        TEXT    PRIMARY KEY CHECK (length(uuid) = 36),
    profile_id  INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,
    deleted_at  TEXT    NOT NULL               -- RFC 3339, UTC
) WITHOUT ROWID;
CREATE INDEX deleted_assessment_by_profile ON deleted_assessment (profile_id);
