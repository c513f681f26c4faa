-- int_exports: each attendance export with the meeting's span in the reading of its dates that
-- placement uses (int_export_readings): its times as loaded, unless only their day/month-swapped
-- reading lands on a scheduled session (int_export_candidates), when dates_swapped is true and
-- its presence rows are read swapped too (int_presence). An export that fits no session keeps
-- its times as loaded.
-- materialized: ephemeral
with placed_reading as (
    select distinct file_id, meeting, swapped
    from int_export_candidates
),

exports as (
    select
        r.file_id,
        r.meeting,
        r.source,
        r.meeting_id,
        r.host_email,
        r.start_local,
        r.end_local,
        r.swapped as dates_swapped
    from int_export_readings as r
    left join placed_reading as p using (file_id, meeting)
    where r.swapped = coalesce(p.swapped, false)
),

final as (
    select * from exports
)

select * from final
