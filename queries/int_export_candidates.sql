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

-- Two inequalities make this a range join (fast); the meeting-ID rule is a filter after it.
overlapping as (
    select
        e.file_id,
        w.cohort,
        w.session,
        e.meeting_id is not null and e.meeting_id = w.meeting_id as same_meeting_id,
        epoch(least(e.end_local, w.window_end) - greatest(e.start_local, w.window_start)) as overlap_seconds,
        abs(epoch(e.start_local - w.starts_local)) as start_gap_seconds
    from int_exports as e
    join windows as w on e.start_local < w.window_end and e.end_local > w.window_start
    where e.meeting_id is null or w.meeting_id is null or e.meeting_id = w.meeting_id
),

final as (
    select * from overlapping
)

select * from final
