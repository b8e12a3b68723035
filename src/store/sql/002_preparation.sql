-- chibo schema, version 2: meeting preparation.

-- A planned meeting moved to another time; the old time is kept.
CREATE TABLE meeting_reschedules (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    from_at     TEXT NOT NULL,
    to_at       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_reschedules_meeting ON meeting_reschedules(meeting_id);

-- The preparation checklist: each step with the day it was done.
CREATE TABLE preparation_steps (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    step        TEXT NOT NULL CHECK (step IN ('committee_met', 'content_assigned',
                    'members_notified', 'upper_notified', 'materials_sent')),
    done_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, step)
) STRICT;

-- The agenda item that reviews earlier tasks (kiểm điểm nghị quyết tháng
-- trước): open tasks are carried into it.
ALTER TABLE agenda_items ADD COLUMN carry_over INTEGER NOT NULL DEFAULT 0
    CHECK (carry_over IN (0, 1));
