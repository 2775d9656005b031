-- Bearing schema, version 7: this database's own key pair for the files that leave it (share
-- files, and later exchange-folder files), in the age format. The secret key lives here, beside
-- the data it protects in transit: whoever holds this file can already read every answer in it,
-- and a backup or restore keeps the key with the history it belongs to. It is made on first use,
-- in Rust (SQLite cannot make an X25519 key), so a database that never shares has none.
-- See docs/decisions/0010-age-for-files-that-leave.md.

CREATE TABLE exchange_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),   -- one key pair per database
    secret      TEXT    NOT NULL CHECK (secret GLOB 'AGE-SECRET-KEY-1*'),
    created_at  TEXT    NOT NULL                      -- RFC 3339, UTC
);
