-- chibo schema, version 8: a meeting's resolution (nghị quyết), drafted
-- from the record and edited by the secretary. The stored text is what
-- prints: the header's names and place are kept as they were when it was
-- drafted, so a renamed cell never rewrites an issued resolution.
CREATE TABLE resolutions (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    meeting_id   INTEGER NOT NULL UNIQUE REFERENCES meetings(id) ON DELETE CASCADE,
    cell_id      INTEGER NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
    -- "Số n-NQ/CB": numbered per cell and calendar year of the meeting.
    year         INTEGER NOT NULL,
    number       INTEGER NOT NULL CHECK (number > 0),
    upper_unit   TEXT NOT NULL,
    cell_name    TEXT NOT NULL,
    place_name   TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    subject      TEXT NOT NULL CHECK (length(subject) > 0),
    opening      TEXT NOT NULL,
    results      TEXT NOT NULL,
    tasks        TEXT NOT NULL,
    assignments  TEXT NOT NULL,
    quality      TEXT NOT NULL,
    vote         TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    signer       TEXT NOT NULL,
    drafted_at   TEXT NOT NULL,
    edited_at    TEXT,
    UNIQUE (cell_id, year, number)
) STRICT;
