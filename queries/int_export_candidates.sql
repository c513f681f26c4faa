-- int_export_candidates: the scheduled sessions each attendance export could record: those whose
-- window (the session, opened 90 minutes early for hosts who open the room early) holds the
-- meeting's own start (its meeting block's, else its earliest join), and whose meeting ID agrees
-- when both sides have one. Only the start places an export: one corrupt leave time cannot
-- stretch it over another session. An export with no candidate fits no session.
-- An export whose dates read either way round has two readings (int_export_readings). The rule
-- (reading_that_lands): the times as loaded, month-first, stand when they land on a scheduled
-- session; only when they land on none and the day/month-swapped reading lands on one does the
-- swapped reading place the export, and `swapped` says so. The schedule decides, not load order:
-- a schedule loaded after the export moves it at the next run.
-- materialized: view
with windows as (
    select
        cohort,
        session,
        meeting_id,
        starts_local,
        starts_local - interval 90 minute as window_start,
        ends_local as window_end
    from stg_schedule
),

-- A window touches one or two calendar days: joining on the start's day is an equality join
-- (a hash join, fast for a handful of exports or thousands), the window a filter after it.
window_days as (
    select *, unnest(generate_series(window_start::date, window_end::date, interval 1 day))::date as day
    from windows
),

candidates as (
    select distinct
        e.file_id,
        e.meeting,
        e.swapped,
        w.cohort,
        w.session,
        e.meeting_id is not null and e.meeting_id = w.meeting_id as same_meeting_id,
        abs(epoch(e.start_local - w.starts_local)) as start_gap_seconds
    from int_export_readings as e
    join window_days as w
        on w.day = e.start_local::date and e.start_local >= w.window_start and e.start_local < w.window_end
    where e.meeting_id is null or w.meeting_id is null or e.meeting_id = w.meeting_id
),

-- The as-loaded reading's candidates when it has any, else the swapped reading's.
reading_that_lands as (
    select *
    from candidates
    qualify not swapped or not bool_or(not swapped) over (partition by file_id, meeting)
),

final as (
    select * from reading_that_lands
)

select * from final
