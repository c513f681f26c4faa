-- int_meeting_sessions: each attendance export attached to the scheduled session it records.
-- A file matches by meeting ID when both sides have one, and by time: the session whose
-- window (widened by an hour each side, for early arrivals and overruns) overlaps the meeting
-- most. When several files record one session, the newest load is the current one: a corrected
-- re-export replaces the earlier file instead of adding to it.
with spans as (
    select file_id, min(join_local) as first_join, max(leave_local) as last_leave
    from raw_presence
    where not waiting_room
    group by file_id
),

exports as (
    select
        m.file_id,
        m.source,
        m.meeting_id,
        m.host_email,
        coalesce(m.start_local, s.first_join) as start_local,
        coalesce(m.end_local, s.last_leave) as end_local
    from raw_meetings as m
    left join spans as s using (file_id)
),

candidates as (
    select
        e.file_id,
        p.cohort,
        p.session,
        epoch(least(e.end_local, p.ends_local + interval 60 minute)
            - greatest(e.start_local, p.starts_local - interval 60 minute)) as overlap_seconds,
        abs(epoch(e.start_local - p.starts_local)) as start_gap_seconds
    from exports as e
    join stg_schedule as p
        on e.meeting_id is null or p.meeting_id is null or e.meeting_id = p.meeting_id
    where overlap_seconds > 0
    qualify row_number() over (partition by e.file_id order by overlap_seconds desc, start_gap_seconds) = 1
),

final as (
    select
        e.*,
        c.cohort,
        c.session,
        c.cohort is not null
            and row_number() over (partition by c.cohort, c.session order by e.file_id desc) = 1 as is_current
    from exports as e
    left join candidates as c using (file_id)
)

select * from final
