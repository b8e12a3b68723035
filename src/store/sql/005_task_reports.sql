-- chibo schema, version 5: a task's outcome as reported at each meeting, so
-- that reporting it again later never rewrites an earlier (locked) record.
CREATE TABLE task_reports (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL CHECK (outcome IN ('done', 'in_progress', 'not_done')),
    note        TEXT NOT NULL DEFAULT '',
    UNIQUE (task_id, meeting_id)
) STRICT;
CREATE INDEX task_reports_meeting ON task_reports(meeting_id);

-- The outcomes recorded so far become the first reports.
INSERT INTO task_reports (uuid, task_id, meeting_id, outcome, note)
    SELECT lower(hex(randomblob(16))), id, outcome_meeting_id, outcome, outcome_note
    FROM tasks WHERE outcome IS NOT NULL AND outcome_meeting_id IS NOT NULL;
