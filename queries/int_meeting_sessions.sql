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

roster_keys as (
    select cohort, participant_id, email as match_key from stg_roster where email is not null
    union all
    select cohort, participant_id, unnest(name_keys) as match_key from stg_roster
),

presence_keys as (
    select file_id, email as match_key from raw_presence where email is not null and not waiting_room
    union all
    select file_id, name_key from raw_presence where name_key is not null and not waiting_room
    union all
    select file_id, original_key from raw_presence where original_key is not null and not waiting_room
),

members_named as (
    select p.file_id, r.cohort, count(distinct r.participant_id) as members_named
    from presence_keys as p
    join roster_keys as r using (match_key)
    group by p.file_id, r.cohort
),

candidates as (
    select
        e.file_id,
        p.cohort,
        p.session,
        e.meeting_id is not null and e.meeting_id = p.meeting_id as same_meeting_id,
        coalesce(n.members_named, 0) as members_named,
        epoch(least(e.end_local, p.ends_local + interval 60 minute)
            - greatest(e.start_local, p.starts_local - interval 60 minute)) as overlap_seconds,
        abs(epoch(e.start_local - p.starts_local)) as start_gap_seconds
    from exports as e
    join stg_schedule as p
        on e.meeting_id is null or p.meeting_id is null or e.meeting_id = p.meeting_id
    left join members_named as n on n.file_id = e.file_id and n.cohort = p.cohort
    where overlap_seconds > 0
    qualify row_number() over (
        partition by e.file_id
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
