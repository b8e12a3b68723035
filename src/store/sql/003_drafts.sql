-- chibo schema, version 3: drafts of long texts typed in a meeting (remarks,
-- conclusions), saved as they are typed so that nothing is lost if the
-- program dies mid-way.
CREATE TABLE drafts (
    key         TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
