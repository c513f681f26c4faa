-- sessions: every planned session; held when an attendance export or marked attendance was
-- loaded for it. No clock is involved: a past session without one is a missing export, not a
-- session nobody came to. starts_local is the wall time in the cohort's own timezone: every
-- date, weekday and hour a user sees is read from it, never from the instants.
with held as (
    select distinct cohort, session
    from int_session_sources
),

final as (
    select
        s.cohort,
        s.program,
        s.session,
        s.starts_at,
        s.ends_at,
        s.timezone,
        s.starts_local,
        h.session is not null as held
    from stg_schedule as s
    left join held as h using (cohort, session)
)

select * from final
order by cohort, session
