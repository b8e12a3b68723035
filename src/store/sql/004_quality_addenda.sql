-- chibo schema, version 4: the meeting-quality self-assessment, and dated
-- addenda (đính chính) to a locked meeting.
CREATE TABLE quality_scores (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    criterion   TEXT NOT NULL CHECK (length(criterion) > 0),
    points      INTEGER NOT NULL CHECK (points >= 0),
    UNIQUE (meeting_id, criterion)
) STRICT;

CREATE TABLE addenda (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    text         TEXT NOT NULL CHECK (length(text) > 0),
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX addenda_meeting ON addenda(meeting_id);
