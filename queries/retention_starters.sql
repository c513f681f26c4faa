-- retention_starters: every starter's time in the retention analyses, one row per member and
-- cohort, so that the curves (int_retention_curves), the log-rank test (retention_logrank) and
-- the Cox model (dropout_intervals) cannot drift apart. Time is the session number: a dropout
-- is an event at dropout_after, a completer is censored at the cohort's final planned session and
-- an ongoing member at their last attended session. entry_session is the session before the
-- first one the member is enrolled for (roster from_session), 0 for most: a member is at risk
-- from entry_session + 1. Members who never started are left out. A researcher's survival data:
-- R's Surv(entry_session, exit_session, dropped).
-- partition: cohort
with final_sessions as (
    select cohort, max(session) as final_session
    from sessions
    group by cohort
),

final as (
    select
        r.program,
        r.cohort,
        r.participant_id,
        coalesce(r.from_session, 1) - 1 as entry_session,
        case r.outcome
            when 'dropped_out' then r.dropout_after
            when 'completed' then f.final_session
            else r.last_attended
        end as exit_session,
        r.outcome = 'dropped_out' as dropped
    from retention as r
    join final_sessions as f using (cohort)
    where r.outcome <> 'never_started'
)

select * from final
