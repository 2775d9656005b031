-- Bearing schema, version 10: a history row from four columns. Reading a long history was mostly
-- SQLite stepping through the 13 columns a row shows and rusqlite reading each one out; now the
-- texts of a row are also kept packed in one column, `summary`, that the history index holds
-- beside the scores, so a row is 4 columns (id, focus, autonomy, summary). Triggers keep `summary`
-- equal to the columns it packs on every insert and every change to them, whoever writes (an
-- indexed generated column would do it too, but SQLite does not read one from an index).
-- See docs/decisions/0013-charts-at-scale.md and storage/history.rs, which reads it.
--
-- Each field is `<length in bytes>:<text>`, or `~` for NULL, in this order: taken_on, recorded_at,
-- rater, questionnaire, quadrant, borderline (0 or 1), flags, confirmed_at, rater_id, rater_name.
-- The lengths make any text safe to pack, separators and all. No data changes.

ALTER TABLE assessment ADD COLUMN summary TEXT;

-- The packing, written once: what `summary` must hold for each assessment.
CREATE VIEW assessment_packed AS
    SELECT id,
           ifnull(length(CAST(taken_on AS BLOB)) || ':' || taken_on, '~')
        || ifnull(length(CAST(recorded_at AS BLOB)) || ':' || recorded_at, '~')
        || ifnull(length(CAST(rater AS BLOB)) || ':' || rater, '~')
        || ifnull(length(CAST(questionnaire AS BLOB)) || ':' || questionnaire, '~')
        || ifnull(length(CAST(quadrant AS BLOB)) || ':' || quadrant, '~')
        || ifnull(length(CAST(CAST(borderline AS TEXT) AS BLOB)) || ':' || CAST(borderline AS TEXT), '~')
        || ifnull(length(CAST(flags AS BLOB)) || ':' || flags, '~')
        || ifnull(length(CAST(confirmed_at AS BLOB)) || ':' || confirmed_at, '~')
        || ifnull(length(CAST(rater_id AS BLOB)) || ':' || rater_id, '~')
        || ifnull(length(CAST(rater_name AS BLOB)) || ':' || rater_name, '~')
           AS summary
      FROM assessment;

UPDATE assessment
   SET summary = (SELECT p.summary FROM assessment_packed p WHERE p.id = assessment.id);

CREATE TRIGGER assessment_summary_on_insert AFTER INSERT ON assessment
BEGIN
    UPDATE assessment
       SET summary = (SELECT p.summary FROM assessment_packed p WHERE p.id = NEW.id)
     WHERE id = NEW.id;
END;

CREATE TRIGGER assessment_summary_on_change AFTER UPDATE OF
    taken_on, recorded_at, rater, questionnaire, quadrant, borderline, flags,
    confirmed_at, rater_id, rater_name
    ON assessment
BEGIN
    UPDATE assessment
       SET summary = (SELECT p.summary FROM assessment_packed p WHERE p.id = NEW.id)
     WHERE id = NEW.id;
END;

DROP INDEX assessment_history;

-- Person, date, order saved (the history's order), the rater (Home's latest by rater), the scores
-- and the packed texts: everything a history row reads.
CREATE INDEX assessment_history ON assessment (
    profile_id, taken_on, id, rater, focus, autonomy, summary
);
