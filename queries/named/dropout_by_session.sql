-- dropout_by_session: starters who dropped out after each session of a program, and the share still attending
-- param program: program name, e.g. intro
-- A dropout counts at the last session the member attended (the retention mart's dropout_after);
-- retained_share is the share of the cohort's starters who had not dropped out by then.
with planned as (
    select cohort, session
    from sessions
    where program = $program
),

starters as (
    select cohort, count(*) as starters
    from retention
    where program = $program and outcome <> 'never_started'
    group by cohort
),

dropouts as (
    select cohort, dropout_after as session, count(*) as dropped_out
    from retention
    where program = $program and outcome = 'dropped_out'
    group by cohort, dropout_after
),

final as (
    select
        p.cohort,
        p.session,
        s.starters,
        coalesce(d.dropped_out, 0) as dropped_out_after,
        sum(coalesce(d.dropped_out, 0)) over (
            partition by p.cohort order by p.session rows unbounded preceding
        ) as dropped_out_so_far,
        round(1 - dropped_out_so_far / s.starters, 3) as retained_share
    from planned as p
    join starters as s using (cohort)
    left join dropouts as d using (cohort, session)
)

select * from final
order by cohort, session
