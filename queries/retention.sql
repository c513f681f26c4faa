-- retention: each member's course through their cohort, by the no-return rule. A cohort is
-- finished when every planned session was held; until then its starters are ongoing.
with cohorts as (
    select
        cohort,
        any_value(program) as program,
        count(*) as sessions_planned,
        max(session) as final_session,
        bool_and(held) as finished
    from sessions
    group by cohort
),

attended as (
    select
        cohort,
        participant_id,
        count(*) filter (where status <> 'absent') as sessions_attended,
        max(session) filter (where status <> 'absent') as last_attended
    from attendance
    group by cohort, participant_id
),

members as (
    select distinct cohort, participant_id
    from stg_roster
),

final as (
    select
        m.cohort,
        c.program,
        m.participant_id,
        c.sessions_planned::integer as sessions_planned,
        coalesce(a.sessions_attended, 0)::integer as sessions_attended,
        a.last_attended,
        case
            when coalesce(a.sessions_attended, 0) = 0 then 'never_started'
            when not c.finished then 'ongoing'
            when a.last_attended = c.final_session then 'completed'
            else 'dropped_out'
        end as outcome,
        case
            when c.finished and a.sessions_attended > 0 and a.last_attended < c.final_session
                then a.last_attended
        end as dropout_after
    from members as m
    join cohorts as c using (cohort)
    left join attended as a using (cohort, participant_id)
)

select * from final
order by cohort, participant_id
