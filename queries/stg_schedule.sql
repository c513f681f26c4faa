-- stg_schedule: the planned sessions, from the schedule files in force (a schedule loaded again
-- from the same place replaces its earlier version; two files in force never disagree about a
-- session, load refuses the later one). A session listed by two files is one row. Wall times
-- become instants in the cohort's own timezone (daylight saving handled by the zone database).
-- materialized: ephemeral
with in_force as (
    select s.*
    from raw_schedule as s
    join raw_files as f using (file_id)
    where f.replaced_by is null
),

planned as (
    select *
    from in_force
    qualify row_number() over (
        partition by cohort, session
        order by program, starts_local, minutes, meeting_id, timezone, facilitator, facilitator_key
    ) = 1
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
