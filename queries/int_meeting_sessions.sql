-- int_meeting_sessions: each attendance export attached to the scheduled session it records.
-- Candidates are sessions whose window (widened by an hour each side, for early arrivals and
-- overruns) overlaps the meeting and whose meeting ID agrees when both sides have one. Among
-- them the file goes to an exact meeting-ID match first, then to the cohort whose roster it
-- names most (two groups can meet at the same hour), then to the largest overlap. When several
-- files record one session, the newest load is current: a corrected re-export replaces the
-- earlier file instead of adding to it.
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

windows as (
    select
        cohort,
        session,
        meeting_id,
        starts_local,
        starts_local - interval 60 minute as window_start,
        ends_local + interval 60 minute as window_end
    from stg_schedule
),

-- Two inequalities make this a range join (fast); the meeting-ID rule is a filter after it.
overlapping as (
    select
        e.file_id,
        w.cohort,
        w.session,
        e.meeting_id is not null and e.meeting_id = w.meeting_id as same_meeting_id,
        epoch(least(e.end_local, w.window_end) - greatest(e.start_local, w.window_start)) as overlap_seconds,
        abs(epoch(e.start_local - w.starts_local)) as start_gap_seconds
    from exports as e
    join windows as w on e.start_local < w.window_end and e.end_local > w.window_start
    where e.meeting_id is null or w.meeting_id is null or e.meeting_id = w.meeting_id
),

presence_keys as (
    select file_id, email as match_key from raw_presence where email is not null and not waiting_room
    union
    select file_id, name_key from raw_presence where name_key is not null and not waiting_room
    union
    select file_id, original_key from raw_presence where original_key is not null and not waiting_room
),

members_named as (
    select o.file_id, o.cohort, count(distinct k.participant_id) as members_named
    from (select distinct file_id, cohort from overlapping) as o
    join presence_keys as p using (file_id)
    join int_roster_keys as k on k.cohort = o.cohort and k.match_key = p.match_key
    group by o.file_id, o.cohort
),

candidates as (
    select o.*, coalesce(n.members_named, 0) as members_named
    from overlapping as o
    left join members_named as n using (file_id, cohort)
    qualify row_number() over (
        partition by o.file_id
        order by same_meeting_id desc, members_named desc, overlap_seconds desc, start_gap_seconds
    ) = 1
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
