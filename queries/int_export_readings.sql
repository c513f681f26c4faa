-- int_export_readings: each attendance export's span as placement may read it. Every export has
-- its times as loaded (swapped = false). One whose dates read either way round
-- (raw_meetings.dates_either_way: read month-first by default, nothing in the file said which)
-- also has them with day and month swapped (swapped = true), every time of it together, as the
-- file reads when it was written day-first. Which reading counts is int_export_candidates' rule.
-- The span is the meeting block's start and end, else the first join and last leave (waiting
-- room excluded). An export is one meeting of a file, (file_id, meeting): a Zoom meeting list
-- with details holds several, each placed on its own.
-- materialized: ephemeral
with presence_times as (
    select
        file_id,
        meeting,
        waiting_room,
        join_local,
        leave_local,
        -- the swap of a time (day_first: null when its day is above 12, which is no month)
        day_first(join_local) as join_swapped,
        day_first(leave_local) as leave_swapped
    from raw_presence
),

spans as (
    select
        file_id,
        meeting,
        min(join_local) filter (where not waiting_room) as first_join,
        max(leave_local) filter (where not waiting_room) as last_leave,
        min(join_swapped) filter (where not waiting_room) as first_join_swapped,
        max(leave_swapped) filter (where not waiting_room) as last_leave_swapped,
        -- every time of the export has a swap (the parser says either way only then)
        coalesce(bool_and((join_local is null or join_swapped is not null)
            and (leave_local is null or leave_swapped is not null)), true) as swappable
    from presence_times
    group by file_id, meeting
),

meetings as (
    select
        *,
        day_first(start_local) as start_swapped,
        day_first(end_local) as end_swapped
    from raw_meetings
),

-- Each export read as loaded, and (r.swapped) day and month swapped where it may be.
final as (
    select
        m.file_id,
        m.meeting,
        m.source,
        m.meeting_id,
        m.host_email,
        r.swapped,
        case when r.swapped then coalesce(m.start_swapped, s.first_join_swapped)
            else coalesce(m.start_local, s.first_join) end as start_local,
        case when r.swapped then coalesce(m.end_swapped, s.last_leave_swapped)
            else coalesce(m.end_local, s.last_leave) end as end_local
    from meetings as m
    left join spans as s using (file_id, meeting)
    cross join (values (false), (true)) as r(swapped)
    where not r.swapped
        or (m.dates_either_way
            and coalesce(s.swappable, true)
            and (m.start_local is null or m.start_swapped is not null)
            and (m.end_local is null or m.end_swapped is not null))
)

select * from final
