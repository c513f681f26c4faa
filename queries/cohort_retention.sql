-- cohort_retention: the cohort retention table: for each cohort and held session, the share of
-- its starters still attending, i.e. whose last attended session is that one or later. It needs
-- no dropout rule and no finished cohort, so it reads the same under every `--dropout-rule`; a
-- starter who missed a session and came back still counts at it, like a late starter at
-- session 1. Members who never started are left out, as in retention_curve (see never_started).
with starters as (
    select cohort, last_attended
    from retention
    where outcome <> 'never_started'
),

held as (
    select cohort, program, session
    from sessions
    where held
),

counts as (
    select
        h.cohort,
        h.program,
        h.session,
        count(s.last_attended) as n_starters,
        count(*) filter (where s.last_attended >= h.session) as n_still_attending
    from held as h
    left join starters as s using (cohort)
    group by h.cohort, h.program, h.session
),

final as (
    select
        cohort,
        program,
        session,
        n_starters::integer as n_starters,
        n_still_attending::integer as n_still_attending,
        n_still_attending / nullif(n_starters, 0)::double as share
    from counts
)

select * from final
order by cohort, session
