-- retention_curve_cohort: the Kaplan–Meier retention curve of each cohort on its own, computed
-- as retention_curve is for a program (same event, censoring, Greenwood variance and R log-log
-- limits), so a facilitator can set one group against its program. One row per session
-- 1..the cohort's last planned session; cohorts without starters have no rows.
with final_sessions as (
    select cohort, max(session) as final_session
    from sessions
    group by cohort
),

starters as (
    select
        r.cohort,
        case r.outcome
            when 'dropped_out' then r.dropout_after
            when 'completed' then f.final_session
            else r.last_attended
        end as exit_session,
        r.outcome = 'dropped_out' as dropped
    from retention as r
    join final_sessions as f using (cohort)
    where r.outcome <> 'never_started'
),

cohort_lengths as (
    select distinct r.cohort, r.program, f.final_session
    from retention as r
    join final_sessions as f using (cohort)
    where r.cohort in (select cohort from starters)
),

grid as (
    select cohort, program, unnest(range(1, final_session + 1)) as session
    from cohort_lengths
),

counts as (
    select
        g.cohort,
        g.program,
        g.session::integer as session,
        count(s.exit_session) as n_at_risk,
        count(*) filter (where s.exit_session = g.session and s.dropped) as n_dropped,
        count(*) filter (where s.exit_session = g.session and not s.dropped) as n_censored
    from grid as g
    left join starters as s on s.cohort = g.cohort and s.exit_session >= g.session
    group by g.cohort, g.program, g.session
),

steps as (
    select
        *,
        case when n_dropped > 0 then 1 - n_dropped / n_at_risk::double else 1 end as step,
        case when n_dropped > 0 and n_dropped < n_at_risk
            then n_dropped / (n_at_risk * (n_at_risk - n_dropped))::double
            else 0
        end as greenwood_term
    from counts
),

curve as (
    select
        *,
        product(step) over running as survival,
        sqrt(sum(greenwood_term) over running) as se_log_survival
    from steps
    window running as (partition by cohort order by session rows unbounded preceding)
),

final as (
    select
        cohort,
        program,
        session,
        n_at_risk::integer as n_at_risk,
        n_dropped::integer as n_dropped,
        n_censored::integer as n_censored,
        survival,
        case when survival > 0 and survival < 1
            then pow(survival, exp(-1.959963984540054 * se_log_survival / ln(survival)))
        end as ci_low,
        case when survival > 0 and survival < 1
            then pow(survival, exp(1.959963984540054 * se_log_survival / ln(survival)))
        end as ci_high
    from curve
)

select * from final
order by cohort, session
