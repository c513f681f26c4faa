-- retention_curve: Kaplan–Meier retention of starters by program, pooled across its cohorts, so
-- programs can be compared however many members are still ongoing. Time is the session number;
-- a dropout is an event at dropout_after, a completer is censored at the cohort's final planned
-- session and an ongoing member at their last attended session (members who never started are
-- left out). survival at session k is the share retained beyond k: the product over event
-- sessions up to k of (1 − d/n), where n counts everyone whose time is k or later (someone
-- censored at k is still at risk at k). Every member is at risk from session 1, a late starter
-- too: missing session 1 and coming back is being retained beyond it.
-- The 95% limits are R's survfit(conf.type = "log-log"): with se² = Σ d/(n(n−d)) (Greenwood's
-- variance of log S), ci_low = S^exp(−z·se/log S) and ci_high = S^exp(z·se/log S), z = qnorm(0.975);
-- null where S is 1 or 0, as R gives NA. One row per session 1..the program's last planned
-- session, sessions without events carrying the curve forward; programs without starters have
-- no rows.
with final_sessions as (
    select cohort, max(session) as final_session
    from sessions
    group by cohort
),

starters as (
    select
        r.program,
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

program_lengths as (
    select r.program, max(f.final_session) as last_session
    from retention as r
    join final_sessions as f using (cohort)
    where r.program in (select program from starters)
    group by r.program
),

grid as (
    select program, unnest(range(1, last_session + 1)) as session
    from program_lengths
),

counts as (
    select
        g.program,
        g.session::integer as session,
        count(s.exit_session) as n_at_risk,
        count(*) filter (where s.exit_session = g.session and s.dropped) as n_dropped,
        count(*) filter (where s.exit_session = g.session and not s.dropped) as n_censored
    from grid as g
    left join starters as s on s.program = g.program and s.exit_session >= g.session
    group by g.program, g.session
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
    window running as (partition by program order by session rows unbounded preceding)
),

final as (
    select
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
order by program, session
