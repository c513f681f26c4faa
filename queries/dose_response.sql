-- dose_response: outcome change by the number of sessions a member attended ("dose"), per
-- program and outcome instrument, so a practice can see whether coming more goes with
-- improving more. Only members with an outcome_change row count; no rows when no outcome
-- instrument was used. Every cell shows its n; a cell of fewer than min_members = 5 members
-- keeps its n but leaves mean_change and the rates empty (null): a mean or a rate of two or
-- three people reads as a finding and is not one.
with settings as (
    select 5 as min_members
),

changes as (
    select r.program, c.instrument, r.sessions_attended, c.change, c.reliable_change
    from outcome_change as c
    join retention as r using (cohort, participant_id)
),

cells as (
    select
        program,
        instrument,
        sessions_attended,
        count(*) as n,
        avg(change) as mean_change,
        avg((reliable_change = 'improved')::integer) as improved_rate,
        avg((reliable_change = 'deteriorated')::integer) as deteriorated_rate
    from changes
    group by program, instrument, sessions_attended
),

final as (
    select
        c.program,
        c.instrument,
        c.sessions_attended,
        c.n::integer as n,
        case when c.n >= s.min_members then c.mean_change end as mean_change,
        case when c.n >= s.min_members then c.improved_rate end as improved_rate,
        case when c.n >= s.min_members then c.deteriorated_rate end as deteriorated_rate
    from cells as c
    cross join settings as s
)

select * from final
order by program, instrument, sessions_attended
