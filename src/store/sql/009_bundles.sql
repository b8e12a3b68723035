-- chibo schema, version 9 (its place in the list may differ): cell
-- bundles, merged into a committee's file (đảng ủy).
--
-- A cell's revision rises with every change to its data, whatever code path
-- made it: the triggers below count each row written. A cell that came from
-- a bundle (origin 'merged') is read-only in the committee's file: the same
-- triggers refuse any write to it, except inside a merge, which sets
-- `merging` for the length of its transaction (a crash rolls it back).

ALTER TABLE cells ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 0);
ALTER TABLE cells ADD COLUMN origin TEXT NOT NULL DEFAULT 'own'
    CHECK (origin IN ('own', 'merged'));
-- For a merged cell: the revision and making time of its last bundle, and
-- when it was merged here.
ALTER TABLE cells ADD COLUMN bundle_revision INTEGER;
ALTER TABLE cells ADD COLUMN bundle_made_at TEXT;
ALTER TABLE cells ADD COLUMN merged_at TEXT;
ALTER TABLE cells ADD COLUMN merging INTEGER NOT NULL DEFAULT 0 CHECK (merging IN (0, 1));

-- Audit rows get a UUID of their own, so that a bundle's audit rows merge
-- without duplicates. chibo writes one with each row; the trigger gives one
-- to a row written without.
ALTER TABLE audit_log ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET uuid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX audit_log_uuid ON audit_log(uuid);
CREATE TRIGGER audit_log_uuid AFTER INSERT ON audit_log WHEN NEW.uuid = '' BEGIN
    UPDATE audit_log SET uuid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

-- In a committee's file, which merged cells' bundles carry a member (a
-- member transferred from one cell to another is in both), with the date
-- and kind of the member's latest event in that bundle: the member belongs
-- to the cell of their latest event.
CREATE TABLE member_sources (
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    cell_uuid  TEXT NOT NULL,
    last_date  TEXT,
    last_kind  TEXT CHECK (last_kind IS NULL OR last_kind IN ('admitted', 'recognized_official',
                   'exempt', 'attached_in', 'attached_out', 'transferred_in', 'transferred_out',
                   'suspended', 'removed', 'deceased')),
    PRIMARY KEY (member_id, cell_uuid)
) STRICT;

-- A member typed in by hand in a second cell (a new UUID) and confirmed at
-- a merge to be the same person (same party-card number) as one known here.
CREATE TABLE member_aliases (
    alias_uuid   TEXT PRIMARY KEY,
    member_uuid  TEXT NOT NULL
) STRICT;

-- The revision and the read-only guard, table by table.
CREATE TRIGGER cell_rev_cells_update AFTER UPDATE OF name, upper_unit, place_name, usual_venue, archived_at ON cells BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.id OR id = OLD.id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.id OR id = OLD.id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_cells_delete AFTER DELETE ON cells BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = OLD.id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = OLD.id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_members_insert AFTER INSERT ON members BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meetings_insert AFTER INSERT ON meetings BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_members_update AFTER UPDATE ON members BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meetings_update AFTER UPDATE ON meetings BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_members_delete AFTER DELETE ON members BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = OLD.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = OLD.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meetings_delete AFTER DELETE ON meetings BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = OLD.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = OLD.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_status_events_insert AFTER INSERT ON status_events BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_status_events_update AFTER UPDATE ON status_events BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_status_events_delete AFTER DELETE ON status_events BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_roles_insert AFTER INSERT ON roles BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_roles_update AFTER UPDATE ON roles BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_roles_delete AFTER DELETE ON roles BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_party_cards_insert AFTER INSERT ON party_cards BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_party_cards_update AFTER UPDATE ON party_cards BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_party_cards_delete AFTER DELETE ON party_cards BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_dues_insert AFTER INSERT ON dues BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_dues_update AFTER UPDATE ON dues BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = NEW.member_id) OR id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_dues_delete AFTER DELETE ON dues BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM members WHERE id = OLD.member_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_guests_insert AFTER INSERT ON guests BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_guests_update AFTER UPDATE ON guests BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_guests_delete AFTER DELETE ON guests BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_agenda_items_insert AFTER INSERT ON agenda_items BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_agenda_items_update AFTER UPDATE ON agenda_items BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_agenda_items_delete AFTER DELETE ON agenda_items BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_attendance_insert AFTER INSERT ON attendance BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_attendance_update AFTER UPDATE ON attendance BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_attendance_delete AFTER DELETE ON attendance BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_remarks_insert AFTER INSERT ON remarks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_remarks_update AFTER UPDATE ON remarks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_remarks_delete AFTER DELETE ON remarks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_votes_insert AFTER INSERT ON votes BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_votes_update AFTER UPDATE ON votes BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_votes_delete AFTER DELETE ON votes BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_tasks_insert AFTER INSERT ON tasks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_tasks_update AFTER UPDATE ON tasks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_tasks_delete AFTER DELETE ON tasks BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meeting_reschedules_insert AFTER INSERT ON meeting_reschedules BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meeting_reschedules_update AFTER UPDATE ON meeting_reschedules BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_meeting_reschedules_delete AFTER DELETE ON meeting_reschedules BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_preparation_steps_insert AFTER INSERT ON preparation_steps BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_preparation_steps_update AFTER UPDATE ON preparation_steps BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_preparation_steps_delete AFTER DELETE ON preparation_steps BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_quality_scores_insert AFTER INSERT ON quality_scores BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_quality_scores_update AFTER UPDATE ON quality_scores BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_quality_scores_delete AFTER DELETE ON quality_scores BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_addenda_insert AFTER INSERT ON addenda BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_addenda_update AFTER UPDATE ON addenda BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_addenda_delete AFTER DELETE ON addenda BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_task_reports_insert AFTER INSERT ON task_reports BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_task_reports_update AFTER UPDATE ON task_reports BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = NEW.meeting_id) OR id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
CREATE TRIGGER cell_rev_task_reports_delete AFTER DELETE ON task_reports BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = (SELECT cell_id FROM meetings WHERE id = OLD.meeting_id)) AND merging = 0;
END;
-- A meeting's resolution (migration 8) belongs to its cell like the rest of
-- the meeting's record.
CREATE TRIGGER cell_rev_resolutions_insert AFTER INSERT ON resolutions BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE id = NEW.cell_id AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE id = NEW.cell_id AND merging = 0;
END;
CREATE TRIGGER cell_rev_resolutions_update AFTER UPDATE ON resolutions BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE (id = NEW.cell_id OR id = OLD.cell_id) AND merging = 0;
END;
CREATE TRIGGER cell_rev_resolutions_delete AFTER DELETE ON resolutions BEGIN
    SELECT RAISE(ABORT, 'chibo: merged cell is read-only') FROM cells
        WHERE id = OLD.cell_id AND origin = 'merged' AND merging = 0;
    UPDATE cells SET revision = revision + 1 WHERE id = OLD.cell_id AND merging = 0;
END;
