-- chibo schema, version 6: what the rules engine needs to read from the
-- record instead of guessing it from titles.

-- A chair or minute-taker chosen at the meeting in place of one named
-- beforehand who was absent ("đồng chí X chủ trì thay đồng chí Y vắng").
ALTER TABLE meetings ADD COLUMN chair_replaces_id INTEGER REFERENCES members(id);
ALTER TABLE meetings ADD COLUMN minute_taker_replaces_id INTEGER REFERENCES members(id);

-- What an agenda item records (from its template step), the vote it takes,
-- whether it is optional ("nếu có"), and what became of it if not held.
ALTER TABLE agenda_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('opening', 'guests', 'attendance_report', 'minute_taker', 'dues',
        'report', 'task_review', 'discussion', 'conclusion', 'vote', 'quality',
        'minutes_approval', 'closing', 'other'));
ALTER TABLE agenda_items ADD COLUMN vote_kind TEXT
    CHECK (vote_kind IS NULL OR vote_kind IN ('general', 'agenda', 'resolution', 'minutes',
        'discipline', 'admission', 'recognition', 'expulsion'));
ALTER TABLE agenda_items ADD COLUMN optional INTEGER NOT NULL DEFAULT 0
    CHECK (optional IN (0, 1));
ALTER TABLE agenda_items ADD COLUMN disposition TEXT
    CHECK (disposition IS NULL OR disposition IN ('skipped', 'moved'));
ALTER TABLE agenda_items ADD COLUMN disposition_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN moved_to_meeting_id INTEGER
    REFERENCES meetings(id) ON DELETE SET NULL;

-- A vote has a kind, and the kind fixes its rule: admission, recognition
-- and expulsion need two thirds, everything else more than half. The table
-- is rebuilt so that the pairing is a CHECK on every row.
CREATE TABLE votes_v6 (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    meeting_id        INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id    INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    subject           TEXT NOT NULL CHECK (length(subject) > 0),
    kind              TEXT NOT NULL CHECK (kind IN ('general', 'agenda', 'resolution',
                          'minutes', 'discipline', 'admission', 'recognition', 'expulsion')),
    rule              TEXT NOT NULL CHECK (rule IN ('simple_majority', 'two_thirds')),
    votes_for         INTEGER NOT NULL CHECK (votes_for >= 0),
    votes_against     INTEGER NOT NULL CHECK (votes_against >= 0),
    votes_other       INTEGER NOT NULL CHECK (votes_other >= 0),
    denominator       INTEGER NOT NULL CHECK (denominator >= 0),
    eligible_present  INTEGER NOT NULL CHECK (eligible_present >= 0),
    taken_at          TEXT NOT NULL,
    CHECK (votes_for + votes_against + votes_other <= eligible_present),
    CHECK ((kind IN ('admission', 'recognition', 'expulsion')) = (rule = 'two_thirds'))
) STRICT;

-- Earlier two-thirds votes were admissions in an admission meeting and
-- recognitions elsewhere (the only two-thirds votes a cell meeting takes).
INSERT INTO votes_v6 (id, uuid, meeting_id, agenda_item_id, subject, kind, rule, votes_for,
        votes_against, votes_other, denominator, eligible_present, taken_at)
    SELECT v.id, v.uuid, v.meeting_id, v.agenda_item_id, v.subject,
        CASE WHEN v.rule = 'two_thirds' THEN
            CASE WHEN m.kind = 'admission' THEN 'admission' ELSE 'recognition' END
        ELSE 'general' END,
        v.rule, v.votes_for, v.votes_against, v.votes_other, v.denominator,
        v.eligible_present, v.taken_at
    FROM votes v JOIN meetings m ON m.id = v.meeting_id
    ORDER BY v.id;
DROP TABLE votes;
ALTER TABLE votes_v6 RENAME TO votes;
CREATE INDEX votes_meeting ON votes(meeting_id);
