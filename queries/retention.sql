-- retention: each member's course through their cohort, by the dropout rule chosen at `run`
-- (run_settings keeps it), so every retention figure downstream uses one definition of dropout.
-- A cohort is finished when every planned session was held: a cancelled session must be removed
-- from schedule.csv, or its cohort stays unfinished and its starters stay ongoing.
--   no-return (default): in a finished cohort a starter who attended the final session
--     completed; one who did not dropped out after their last attended session.
--   consecutive:N: a starter whose last N or more held sessions were all missed dropped out after
--     their last attended one, even while the cohort runs; the other starters of a finished
--     cohort completed, those of a running one are ongoing.
--   min-attended:K: in a finished cohort a starter who attended fewer than K sessions dropped out
--     after their last attended one; the others completed. A cohort planned with fewer than K
--     sessions asks for all of them (K is capped at the sessions planned for the member), so whoever attended every
--     session completed.
-- A member who attended no held session never started, whatever the rule.
-- partition: cohort
with chosen_rule as (
    select
        getvariable('dropout_rule')::varchar as name,
        getvariable('dropout_n')::integer as n
),

cohorts as (
    select
        cohort,
        any_value(program) as program,
        count(*) as sessions_planned,
        max(session) as final_session,
        bool_and(held) as finished
    from sessions
    group by cohort
),

marked as (
    select
        cohort,
        participant_id,
        session,
        status,
        max(case when status <> 'absent' then session end)
            over (partition by cohort, participant_id) as last_attended
    from attendance
),

attended as (
    select
        cohort,
        participant_id,
        count(*) filter (where status <> 'absent') as sessions_attended,
        any_value(last_attended) as last_attended,
        -- the run of held sessions missed since the last one attended, which no one came back from
        count(*) filter (where session > last_attended) as trailing_misses
    from marked
    group by cohort, participant_id
),

members as (
    select distinct cohort, participant_id, from_session
    from stg_roster
),

-- A member enrolled from a later session (roster from_session) is planned for the sessions from it.
planned as (
    select m.cohort, m.participant_id, count(s.session) as sessions_planned
    from members as m
    join sessions as s on s.cohort = m.cohort and s.session >= m.from_session
    group by m.cohort, m.participant_id
),

outcomes as (
    select
        m.cohort,
        c.program,
        m.participant_id,
        m.from_session,
        coalesce(p.sessions_planned, 0) as sessions_planned,
        coalesce(a.sessions_attended, 0) as sessions_attended,
        a.last_attended,
        case
            when coalesce(a.sessions_attended, 0) = 0 then 'never_started'
            when chosen_rule.name = 'consecutive' and a.trailing_misses >= chosen_rule.n then 'dropped_out'
            when not c.finished then 'ongoing'
            when chosen_rule.name = 'no-return' and a.last_attended < c.final_session then 'dropped_out'
            when chosen_rule.name = 'min-attended'
                and a.sessions_attended < least(chosen_rule.n, coalesce(p.sessions_planned, c.sessions_planned)) then 'dropped_out'
            else 'completed'
        end as outcome
    from members as m
    join cohorts as c using (cohort)
    left join attended as a using (cohort, participant_id)
    left join planned as p using (cohort, participant_id)
    cross join chosen_rule
),

final as (
    select
        cohort,
        program,
        participant_id,
        sessions_planned::integer as sessions_planned,
        sessions_attended::integer as sessions_attended,
        last_attended,
        outcome,
        case when outcome = 'dropped_out' then last_attended end as dropout_after,
        from_session
    from outcomes
)

select * from final
order by cohort, participant_id
