-- retention_by_cohort: members, starters and outcomes per cohort of a program, with completion among starters
-- param program: program name, e.g. intro
-- Outcomes follow the retention mart's no-return rule; completion_rate is completed / starters
-- and stays null while a cohort is still running.
with cohorts as (
    select cohort, min(starts_at) as first_session_at, count(*) as sessions_planned, bool_and(held) as finished
    from sessions
    where program = $program
    group by cohort
),

outcomes as (
    select
        cohort,
        count(*) as members,
        count(*) filter (where outcome <> 'never_started') as starters,
        count(*) filter (where outcome = 'completed') as completed,
        count(*) filter (where outcome = 'dropped_out') as dropped_out,
        count(*) filter (where outcome = 'never_started') as never_started,
        count(*) filter (where outcome = 'ongoing') as ongoing
    from retention
    where program = $program
    group by cohort
),

final as (
    select
        c.cohort,
        c.first_session_at,
        c.sessions_planned,
        c.finished,
        o.members,
        o.starters,
        o.completed,
        o.dropped_out,
        o.never_started,
        o.ongoing,
        case when c.finished then round(o.completed / nullif(o.starters, 0), 3) end as completion_rate
    from cohorts as c
    join outcomes as o using (cohort)
)

select * from final
order by first_session_at, cohort
