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
with final as (
    select program, session, n_at_risk, n_dropped, n_censored, survival, ci_low, ci_high
    from int_retention_curves
    where cohort is null
)

select * from final
order by program, session
