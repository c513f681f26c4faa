-- dose_response: outcome change by the number of sessions a member attended ("dose"), per
-- program and outcome instrument, so a practice can see whether coming more goes with
-- improving more. Only members with an outcome_change row count; no rows when no outcome
-- instrument was used.
with changes as (
    select r.program, c.instrument, r.sessions_attended, c.change, c.reliable_change
    from outcome_change as c
    join retention as r using (cohort, participant_id)
),

final as (
    select
        program,
        instrument,
        sessions_attended,
        count(*)::integer as n,
        avg(change) as mean_change,
        avg((reliable_change = 'improved')::integer) as improved_rate,
        avg((reliable_change = 'deteriorated')::integer) as deteriorated_rate
    from changes
    group by program, instrument, sessions_attended
)

select * from final
order by program, instrument, sessions_attended
