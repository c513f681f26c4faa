-- stg_schedule: the planned sessions, from the newest schedule file that mentions each cohort,
-- so a corrected schedule replaces the earlier one for its cohorts. Wall times become instants
-- in the cohort's own timezone (daylight saving handled by the zone database).
with latest_file as (
    select cohort, max(file_id) as file_id
    from raw_schedule
    group by cohort
),

planned as (
    select s.*
    from raw_schedule as s
    join latest_file using (cohort, file_id)
),

final as (
    select
        cohort,
        program,
        session,
        starts_local,
        starts_local + to_minutes(minutes) as ends_local,
        timezone(timezone, starts_local) as starts_at,
        timezone(timezone, starts_local) + to_minutes(minutes) as ends_at,
        minutes,
        meeting_id,
        timezone,
        facilitator,
        facilitator_key
    from planned
)

select * from final
