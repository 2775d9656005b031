-- Bearing schema, version 9: the history is read from one index. The index a person's history was
-- read through (person, date, order saved) now also holds every column a history row shows
-- (storage::assessments, SUMMARY_COLUMNS), so reading a long history, or the latest few for Home,
-- never looks a row up in the table. It costs about as much space again as the rows' summaries;
-- answers and notes stay out of it. No data changes.
-- See docs/decisions/0013-charts-at-scale.md.

DROP INDEX assessment_by_profile_date;

CREATE INDEX assessment_history ON assessment (
    profile_id, taken_on, id,
    recorded_at, rater, questionnaire, focus, autonomy, quadrant, borderline, flags,
    confirmed_at, rater_id, rater_name
);
