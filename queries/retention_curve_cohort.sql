-- retention_curve_cohort: the Kaplan–Meier retention curve of each cohort on its own, computed
-- as retention_curve is for a program (same event, censoring, Greenwood variance and R log-log
-- limits), so a facilitator can set one group against its program. One row per session
-- 1..the cohort's last planned session; cohorts without starters have no rows.
with final as (
    select cohort, program, session, n_at_risk, n_dropped, n_censored, survival, ci_low, ci_high
    from int_retention_curves
    where cohort is not null
)

select * from final
order by cohort, session
