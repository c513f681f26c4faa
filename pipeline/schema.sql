-- Raw tables written by `cohesion load`; models in queries/ read only these and each other.
-- Every raw row carries the file_id of the load it came from, so a file is all or nothing.
create table if not exists meta (key varchar primary key, value varchar);

create table if not exists raw_files (
    file_id   integer primary key,
    file      varchar not null,   -- path as given to load
    sha256    varchar not null unique,
    format    varchar not null,
    rows      integer not null,
    rejected  integer not null,
    loaded_at timestamptz not null
);

create table if not exists raw_schedule (
    file_id      integer not null,
    line         integer not null,
    cohort       varchar not null,
    program      varchar not null,
    session      integer not null,
    starts_local timestamp not null,  -- wall time in timezone
    minutes      integer not null,
    meeting_id   varchar,             -- digits only
    timezone     varchar not null,
    facilitator  varchar,
    facilitator_key varchar           -- folded name, for excluding the facilitator from attendance
);

create table if not exists raw_roster (
    file_id        integer not null,
    line           integer not null,
    cohort         varchar not null,
    name           varchar not null,
    email          varchar,           -- lower-cased, trimmed
    aliases        varchar,           -- as written, ';'-separated
    name_keys      varchar[] not null, -- folded name and aliases
    participant_id varchar not null   -- keyed hash of email (else of the folded name)
);

-- One row per attendance export file: what the file says about the meeting as a whole.
create table if not exists raw_meetings (
    file_id     integer not null,
    source      varchar not null,     -- format, e.g. zoom-classic
    meeting_id  varchar,              -- digits only
    topic       varchar,
    host        varchar,
    host_email  varchar,
    start_local timestamp,            -- meeting start/end as the export gives them (wall time)
    end_local   timestamp,
    -- every date of the export was read month-first by default and is a real date day-first too
    -- (nothing in the file said which): the models may read it day-first to place it
    dates_either_way boolean default false,
    meeting     smallint default 1    -- the meeting's place in its file: 1, or 1, 2, ... in a meeting list
);

-- One row per join/leave interval in an attendance export.
create table if not exists raw_presence (
    file_id       integer not null,
    line          integer not null,
    name          varchar,
    original_name varchar,
    email         varchar,
    name_key      varchar,
    original_key  varchar,
    join_local    timestamp,
    leave_local   timestamp,
    minutes       integer,
    guest         boolean,
    waiting_room  boolean not null,
    is_host       boolean not null,   -- the export marks this row as the organiser's
    meeting       smallint default 1  -- which of its file's meetings (raw_meetings.meeting) the row is of
);

-- Attendance marked per member and session by hand or by a practice-management system.
create table if not exists raw_marks (
    file_id  integer not null,
    line     integer not null,
    cohort   varchar not null,
    session  integer not null,
    email    varchar,
    name     varchar,
    name_key varchar,
    status   varchar not null,       -- present, late, absent, late_cancel, cancelled, clinician_cancelled
    raw      varchar not null        -- the status as written
);

-- Long-form survey answers: one row per item answered.
create table if not exists raw_responses (
    file_id    integer not null,
    line       integer not null,
    email      varchar,
    name       varchar,
    cohort     varchar,
    session    integer,
    instrument varchar not null,
    item       varchar not null,
    value      varchar,
    submitted_local timestamp,     -- wall time of submission, when the export gives one
    zone       varchar             -- the zone the export states for it (IANA or offset), if any
);

-- The codebook: which survey column (header text, or a Qualtrics export tag) is which
-- instrument item, and what its answer labels are worth.
create table if not exists raw_codebook (
    file_id       integer not null,
    line          integer not null,
    column_header varchar not null,
    instrument    varchar not null,
    item          varchar not null,
    labels        varchar            -- label=number pairs, ';'-separated, as written
);

-- Columns added after the first databases were made: bring an older database up to date.
alter table raw_presence add column if not exists is_host boolean default false;
alter table raw_meetings add column if not exists dates_either_way boolean default false;
alter table raw_meetings add column if not exists meeting smallint default 1;
alter table raw_presence add column if not exists meeting smallint default 1;
alter table raw_responses add column if not exists submitted_local timestamp;
alter table raw_responses add column if not exists zone varchar;
alter table raw_files add column if not exists source_path varchar; -- absolute path, to know a new version of a file
alter table raw_files add column if not exists replaced_by integer; -- the newer version of the same file, if any
alter table raw_roster add column if not exists from_session integer default 1;
alter table raw_roster add column if not exists role varchar default 'member';

-- Survey and check-in exports (Google Forms, Qualtrics, Microsoft Forms): one row per answered
-- cell, with the column's header text exactly as exported. Which instrument item a column is
-- (the codebook, an item code in the header, a built-in wording) is decided by the models, so a
-- codebook loaded or corrected later applies at the next run; free-text answers are kept too.
create table if not exists raw_answers (
    file_id    integer not null,
    line       integer not null,
    col        integer not null,  -- 1-based column (CSV) or cell column (xlsx) of the answer
    email      varchar,
    name       varchar,
    cohort     varchar,
    session    integer,
    question   varchar not null,  -- the header text (Google Forms grid: "Question [Row]")
    tag        varchar,           -- Qualtrics export tag (e.g. "Q3_1")
    value      varchar not null,  -- the answer as exported; a multi-select kept joined
    submitted_local timestamp,
    zone       varchar
);
