-- chibo schema, version 7: indexes for a committee's file (every cell, for
-- years: some 200 cells, 6,000 members and 32,000 meetings). Indexes only;
-- the tables are unchanged.

-- The cells screen counts each cell's members as of today from their dated
-- events: one pass over this index instead of the events table.
CREATE INDEX status_events_standing ON status_events(member_id, date, kind, until);

-- The cells screen's last meeting held and this month's regular meeting, for
-- every cell at once, from the meetings of the last months only (by the day
-- a meeting counts for: when it started, else when it was planned). A
-- meeting row carries its frozen record (a few kilobytes), which this index
-- leaves unread.
CREATE INDEX meetings_when ON meetings(coalesce(started_at, planned_at), cell_id, status, kind);

-- The meeting left in progress, looked for at every start.
CREATE INDEX meetings_in_progress ON meetings(id) WHERE status = 'in_progress';
