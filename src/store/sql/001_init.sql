-- chibo schema, version 1. Every row has a UUID besides its local id so that
-- data from several laptops can later be merged.

CREATE TABLE cells (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL CHECK (length(name) > 0),
    upper_unit   TEXT NOT NULL DEFAULT '',
    place_name   TEXT NOT NULL DEFAULT '',
    usual_venue  TEXT NOT NULL DEFAULT '',
    archived_at  TEXT
) STRICT;

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    cell_id      INTEGER NOT NULL REFERENCES cells(id),
    full_name    TEXT NOT NULL CHECK (length(full_name) > 0),
    birth_date   TEXT,
    gender       TEXT CHECK (gender IN ('male', 'female')),
    phone        TEXT NOT NULL DEFAULT '',
    national_id  TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX members_cell ON members(cell_id);

CREATE TABLE status_events (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    member_id     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('admitted', 'recognized_official', 'exempt',
                      'attached_in', 'attached_out', 'transferred_in', 'transferred_out',
                      'suspended', 'removed', 'deceased')),
    date          TEXT NOT NULL,
    until         TEXT CHECK (until IS NULL OR until >= date),
    decision      TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX status_events_member ON status_events(member_id, date);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('secretary', 'deputy_secretary',
                    'committee_member', 'group_leader', 'group_deputy')),
    from_date   TEXT NOT NULL,
    until_date  TEXT CHECK (until_date IS NULL OR until_date >= from_date),
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX roles_member ON roles(member_id);

CREATE TABLE party_cards (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    number     TEXT NOT NULL CHECK (length(number) > 0),
    issued_on  TEXT
) STRICT;
CREATE INDEX party_cards_member ON party_cards(member_id);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    cell_id          INTEGER NOT NULL REFERENCES cells(id),
    kind             TEXT NOT NULL CHECK (kind IN ('regular', 'thematic', 'combined',
                         'extraordinary', 'admission', 'recognition', 'year_end_review',
                         'congress')),
    status           TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'closed',
                         'locked', 'cancelled')),
    title            TEXT NOT NULL DEFAULT '',
    planned_at       TEXT NOT NULL,
    started_at       TEXT,
    ended_at         TEXT CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at),
    place            TEXT NOT NULL DEFAULT '',
    chair_id         INTEGER REFERENCES members(id),
    minute_taker_id  INTEGER REFERENCES members(id),
    -- The roster and figures as they were when the meeting closed (JSON).
    frozen           TEXT
) STRICT;
CREATE INDEX meetings_cell ON meetings(cell_id, planned_at);

CREATE TABLE guests (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    title       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX guests_meeting ON guests(meeting_id);

CREATE TABLE agenda_items (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    title            TEXT NOT NULL CHECK (length(title) > 0),
    planned_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (planned_minutes >= 0),
    presenter_id     INTEGER REFERENCES members(id),
    notes            TEXT NOT NULL DEFAULT '',
    started_at       TEXT,
    ended_at         TEXT,
    conclusion       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    kind        TEXT NOT NULL CHECK (kind IN ('present', 'late', 'left_early',
                    'absent_excused', 'absent_unexcused')),
    arrived_at  TEXT,
    left_at     TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, member_id)
) STRICT;
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE remarks (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    meeting_id         INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id     INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    speaker_member_id  INTEGER REFERENCES members(id),
    speaker_guest_id   INTEGER REFERENCES guests(id) ON DELETE SET NULL,
    text               TEXT NOT NULL,
    spoken_at          TEXT NOT NULL
) STRICT;
CREATE INDEX remarks_meeting ON remarks(meeting_id);

CREATE TABLE votes (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    meeting_id        INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id    INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    subject           TEXT NOT NULL CHECK (length(subject) > 0),
    rule              TEXT NOT NULL CHECK (rule IN ('simple_majority', 'two_thirds')),
    votes_for         INTEGER NOT NULL CHECK (votes_for >= 0),
    votes_against     INTEGER NOT NULL CHECK (votes_against >= 0),
    votes_other       INTEGER NOT NULL CHECK (votes_other >= 0),
    denominator       INTEGER NOT NULL CHECK (denominator >= 0),
    eligible_present  INTEGER NOT NULL CHECK (eligible_present >= 0),
    taken_at          TEXT NOT NULL,
    CHECK (votes_for + votes_against + votes_other <= eligible_present)
) STRICT;
CREATE INDEX votes_meeting ON votes(meeting_id);

CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT NOT NULL UNIQUE,
    meeting_id          INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id      INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    text                TEXT NOT NULL CHECK (length(text) > 0),
    assignee_id         INTEGER REFERENCES members(id),
    due_on              TEXT,
    outcome             TEXT CHECK (outcome IN ('done', 'in_progress', 'not_done')),
    outcome_note        TEXT NOT NULL DEFAULT '',
    outcome_meeting_id  INTEGER REFERENCES meetings(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX tasks_meeting ON tasks(meeting_id);

CREATE TABLE dues (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    paid       INTEGER NOT NULL CHECK (paid IN (0, 1)),
    amount     INTEGER CHECK (amount IS NULL OR amount >= 0),
    paid_on    TEXT,
    UNIQUE (member_id, year, month)
) STRICT;

-- Every change, with the entity before and after (JSON).
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_uuid  TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before       TEXT,
    after        TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity_uuid);
