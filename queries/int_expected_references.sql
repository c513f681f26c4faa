-- int_expected_references: for each cohort, the reference cohorts expected_response learns
-- from: of the program's finished cohorts (every planned session held), in the order they ended,
-- the 24 up to the last that ended before this cohort's first session began (a norm of the
-- practice's recent work, a few hundred members, and a cost that grows with the history, not
-- with its square). One row per cohort and reference. expected_response's rows of a cohort read
-- these cohorts' rows: a run that rebuilds a cohort rebuilds the expectations that name it.
-- materialized: ephemeral
with cohorts as (
    select
        cohort,
        min(program) as program,
        min(starts_at) as first_start,
        max(ends_at) as last_end,
        bool_and(held) as finished
    from sessions
    where cohort is not null
    group by cohort
),

finished as (
    select
        cohort as reference,
        program,
        last_end,
        row_number() over (partition by program order by last_end, cohort) as seq
    from cohorts
    where finished
),

last_finished as (
    select c.cohort, c.program, max(f.seq) as last_seq
    from cohorts as c
    join finished as f on f.program = c.program and f.last_end < c.first_start
    group by c.cohort, c.program
)

select l.cohort, l.program, f.reference
from last_finished as l
join finished as f on f.program = l.program and f.seq between l.last_seq - 23 and l.last_seq
