-- never_started: how many enrolled members came to none of their cohort's held sessions, per
-- cohort and per program (the row with a null cohort), since the Kaplan–Meier curves count
-- starters only and this is the part of enrolment they leave out. Only cohorts with at least
-- one held session count: before that, everyone enrolled is "never started" merely by waiting.
-- In a cohort still running the figure is so far: a member may yet come.
with held_cohorts as (
    select distinct cohort
    from sessions
    where held
),

per_cohort as (
    select
        r.cohort,
        r.program,
        count(*) as n_enrolled,
        count(*) filter (where r.outcome = 'never_started') as n_never_started
    from retention as r
    join held_cohorts using (cohort)
    group by r.cohort, r.program
),

per_program as (
    select
        null::varchar as cohort,
        program,
        sum(n_enrolled) as n_enrolled,
        sum(n_never_started) as n_never_started
    from per_cohort
    group by program
),

final as (
    select
        cohort,
        program,
        n_enrolled::integer as n_enrolled,
        n_never_started::integer as n_never_started,
        n_never_started / n_enrolled::double as rate
    from (
        select * from per_cohort
        union all
        select * from per_program
    )
)

select * from final
order by program, cohort nulls last
