-- int_export_candidates: the scheduled sessions each attendance export could record: those whose
-- window (widened by an hour each side, for early arrivals and overruns) overlaps the meeting and
-- whose meeting ID agrees when both sides have one. An export with no candidate fits no session.
with windows as (
    select
        cohort,
        session,
        meeting_id,
        starts_local,
        starts_local - interval 60 minute as window_start,
        ends_local + interval 60 minute as window_end
    from stg_schedule
),

-- Overlapping spans share a calendar day: joining on the days each span touches is an equality
-- join (a hash join, fast for a handful of exports or thousands), the overlap a filter after it.
window_days as (
    select *, unnest(generate_series(window_start::date, window_end::date, interval 1 day))::date as day
    from windows
),

export_days as (
    select
        file_id,
        meeting_id,
        start_local,
        end_local,
        unnest(generate_series(
            least(start_local, end_local)::date, greatest(start_local, end_local)::date, interval 1 day
        ))::date as day
    from int_exports
),

overlapping as (
    select distinct
        e.file_id,
        w.cohort,
        w.session,
        e.meeting_id is not null and e.meeting_id = w.meeting_id as same_meeting_id,
        epoch(least(e.end_local, w.window_end) - greatest(e.start_local, w.window_start)) as overlap_seconds,
        abs(epoch(e.start_local - w.starts_local)) as start_gap_seconds
    from export_days as e
    join window_days as w
        on e.day = w.day and e.start_local < w.window_end and e.end_local > w.window_start
    where e.meeting_id is null or w.meeting_id is null or e.meeting_id = w.meeting_id
),

final as (
    select * from overlapping
)

select * from final
