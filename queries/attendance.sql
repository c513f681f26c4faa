-- attendance: one row per enrolled member per held session. A member's join/leave intervals
-- are clipped to the session and merged (reconnects and device switches overlap or touch), so
-- minutes are never double counted. Both windows order the intervals the same total way (file
-- and line break ties): two identical intervals from two downloads are one island, not two. This is done in the wall time of the cohort's zone, which
-- exports and schedule share: a session does not straddle a daylight-saving change, and
-- converting every row to an instant costs seconds on a large program. Status thresholds come from `run` flags. Exports that
-- give only each person's total minutes (Zoom's "unique users") count those minutes, capped at
-- the session's length, with no lateness or early leaving to tell. Sessions recorded as marks
-- (present, late, absent, cancellations) take the status from the mark and leave minutes
-- unknown (null); any cancellation by the member or the clinician counts as absent. Every
-- export of a session counts (re-downloads, corrections, a second platform): their intervals
-- are merged like reconnects. A member enrolled from a later session (roster from_session) has
-- no rows before it.
-- partition: cohort
with held as (
    select s.*, p.starts_local, p.ends_local, src.source
    from sessions as s
    join stg_schedule as p using (cohort, session)
    join (select distinct cohort, session, source from int_session_sources) as src using (cohort, session)
    where s.held
),

clipped as (
    select
        p.cohort,
        p.session,
        p.participant_id,
        p.file_id,
        p.line,
        greatest(p.join_local, h.starts_local) as in_at,
        least(p.leave_local, h.ends_local) as out_at
    from int_presence as p
    join held as h using (cohort, session)
    where p.participant_id is not null
        and p.join_local is not null
        and least(p.leave_local, h.ends_local) > greatest(p.join_local, h.starts_local)
),

reach as (
    select
        *,
        max(out_at) over (
            partition by cohort, session, participant_id
            order by in_at, out_at, file_id, line
            rows between unbounded preceding and 1 preceding
        ) as reached_before
    from clipped
),

islands as (
    select
        *,
        sum(case when reached_before >= in_at then 0 else 1 end) over (
            partition by cohort, session, participant_id
            order by in_at, out_at, file_id, line
            rows unbounded preceding
        ) as island
    from reach
),

merged as (
    select cohort, session, participant_id, island, min(in_at) as in_at, max(out_at) as out_at
    from islands
    group by cohort, session, participant_id, island
),

presence as (
    select
        cohort,
        session,
        participant_id,
        sum(epoch(out_at) - epoch(in_at)) as seconds,
        min(in_at) as first_in,
        max(out_at) as last_out
    from merged
    group by cohort, session, participant_id
),

-- Totals cannot be merged like intervals: of several such exports of a session, the largest
-- total counts (a re-download of the same report adds nothing).
file_totals as (
    select cohort, session, participant_id, file_id, sum(minutes) as minutes
    from int_presence
    where participant_id is not null and join_local is null and minutes > 0
    group by cohort, session, participant_id, file_id
),

totals_only as (
    select t.cohort, t.session, t.participant_id, least(max(t.minutes), any_value(s.minutes)) * 60 as seconds
    from file_totals as t
    join stg_schedule as s using (cohort, session)
    group by t.cohort, t.session, t.participant_id
),

marked as (
    select
        cohort,
        session,
        participant_id,
        case
            when bool_or(status = 'present') then 'present'
            when bool_or(status = 'late') then 'late'
            else 'absent'
        end as status
    from int_marks
    where participant_id is not null
    group by cohort, session, participant_id
),

enrolled as (
    select h.cohort, h.program, h.session, h.starts_local, h.ends_local, h.source, r.participant_id
    from held as h
    join stg_roster as r on r.cohort = h.cohort and h.session >= r.from_session
),

final as (
    select
        e.cohort,
        e.program,
        e.session,
        e.participant_id,
        case
            when e.source = 'marks' then coalesce(k.status, 'absent')
            when p.seconds is null and t.seconds is null then 'absent'
            when p.seconds is null then 'present'
            when p.first_in > e.starts_local + to_minutes(getvariable('late_after_minutes')::integer) then 'late'
            when p.last_out < e.ends_local - to_minutes(getvariable('left_early_before_minutes')::integer) then 'left_early'
            else 'present'
        end as status,
        case when e.source <> 'marks' then
            coalesce(round(p.seconds / 60), t.seconds / 60, 0)::integer
        end as minutes_present,
        case when e.source <> 'marks' then
            coalesce(round((epoch(p.first_in) - epoch(e.starts_local)) / 60), 0)::integer
        end as late_minutes,
        case when e.source <> 'marks' then
            coalesce(round((epoch(e.ends_local) - epoch(p.last_out)) / 60), 0)::integer
        end as left_early_minutes
    from enrolled as e
    left join presence as p using (cohort, session, participant_id)
    left join totals_only as t using (cohort, session, participant_id)
    left join marked as k using (cohort, session, participant_id)
)

select * from final
order by cohort, session, participant_id
