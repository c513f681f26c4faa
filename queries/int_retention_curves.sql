-- int_retention_curves: the Kaplan–Meier retention curves behind retention_curve (each program,
-- pooled across its cohorts, cohort null) and retention_curve_cohort (each cohort on its own),
-- computed once so the two cannot drift apart, from retention_starters. Time is the session number;
-- a dropout is an event at dropout_after, a completer is censored at the cohort's final planned
-- session and an ongoing member at their last attended session (members who never started are
-- left out). survival at session k is the share retained beyond k: the product over event
-- sessions up to k of (1 − d/n), where n counts everyone whose time is k or later (someone
-- censored at k is still at risk at k). Every member is at risk from the first session they are
-- enrolled for (roster from_session, else 1), a late starter too: missing session 1 and coming
-- back is being retained beyond it. A member enrolled from session j enters the risk set at j
-- (delayed entry, left truncation): at risk at k when j ≤ k ≤ exit, as R's
-- survfit(Surv(j − 1, exit, dropped)) counts them.
-- The 95% limits are R's survfit(conf.type = "log-log"): with se² = Σ d/(n(n−d)) (Greenwood's
-- variance of log S), ci_low = S^exp(−z·se/log S) and ci_high = S^exp(z·se/log S), z = qnorm(0.975);
-- null where S is 1 or 0, as R gives NA. One row per curve and session 1..its last planned session (a
-- program's: the longest of its cohorts), sessions without events carrying the curve forward;
-- a program or cohort without starters has no curve.
-- materialized: ephemeral
with final_sessions as (
    select cohort, max(session) as final_session
    from sessions
    group by cohort
),

starters as (
    select program, cohort, exit_session, entry_session, dropped
    from retention_starters
),

-- Each starter counts twice: in their program's pooled curve (cohort null) and their cohort's.
curve_members as (
    select program, null::varchar as cohort, entry_session, exit_session, dropped from starters
    union all
    select program, cohort, entry_session, exit_session, dropped from starters
),

lengths as (
    select r.program, null::varchar as cohort, max(f.final_session) as last_session
    from retention as r
    join final_sessions as f using (cohort)
    group by r.program
    union all
    select r.program, r.cohort, max(f.final_session) as last_session
    from retention as r
    join final_sessions as f using (cohort)
    group by r.program, r.cohort
),

grid as (
    select l.program, l.cohort, unnest(range(1, l.last_session + 1)) as session
    from lengths as l
    semi join curve_members as m on m.program = l.program and m.cohort is not distinct from l.cohort
),

counts as (
    select
        g.program,
        g.cohort,
        g.session::integer as session,
        count(s.exit_session) as n_at_risk,
        count(*) filter (where s.exit_session = g.session and s.dropped) as n_dropped,
        count(*) filter (where s.exit_session = g.session and not s.dropped) as n_censored
    from grid as g
    left join curve_members as s
        on s.program = g.program and s.cohort is not distinct from g.cohort
        and s.exit_session >= g.session and s.entry_session < g.session
    group by g.program, g.cohort, g.session
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
    window running as (partition by program, cohort order by session rows unbounded preceding)
),

final as (
    select
        program,
        cohort,
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
order by program, cohort nulls first, session
