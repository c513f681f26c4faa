-- cohesion_dropout: does group climate predict who stays? For each followed scale
-- (int_cox_fits: every GCQ-S scale, and other scales scored at two or more sessions) a
-- Cox model of dropping out on the member's score as a time-varying covariate, exactly R's
--   coxph(Surv(start, stop, event) ~ score + strata(program) + cluster(cohort), ties = "efron")
-- on the intervals (k − 1, k] (int_cox_fits, in Go: pipeline/cox). strata(program): each program
-- has its own baseline chance of dropping out at each session; cluster(cohort): the interval
-- allows for members of one cohort being alike (robust, sandwich standard error).
-- hazard_ratio = exp(coef) is the factor by which the chance of dropping out at the next session
-- changes per point of the scale; ci_low, ci_high = exp(coef ∓ 1.959964·robust_se) and p_value
-- (two-sided, normal) come from the robust standard error. n_members counts the members followed
-- and n_events their dropouts. When no estimate can be given, coef and everything after it are
-- null and note says why: 'no dropouts', 'score does not vary', or 'perfect separation' (at every
-- dropout the member leaving had the lowest, or every time the highest, score still at risk: the
-- ratio would be 0 or infinite). 'one cohort': the estimate stands, but a cohort-clustered
-- interval needs two or more cohorts, so robust_se, the interval and p are null.
-- An association in observational data, not an effect of the climate.
-- The fit and the counts are int_cox_fits' (in Go, pipeline/cox); this adds the intervals.
with final as (
    select
        instrument,
        scale,
        n_subjects::integer as n_members,
        n_events::integer as n_events,
        coef::double as coef,
        exp(coef)::double as hazard_ratio,
        robust_se::double as robust_se,
        exp(coef - 1.959963984540054 * robust_se)::double as ci_low,
        exp(coef + 1.959963984540054 * robust_se)::double as ci_high,
        (2 * pnorm_upper(abs(coef / nullif(robust_se, 0))))::double as p_value,
        note::varchar as note
    from int_cox_fits
)

select * from final
order by instrument, scale
