-- int_cox_fits: the Cox model behind cohesion_dropout, one row per followed scale, exactly R's
--   coxph(Surv(start, stop, event) ~ score + strata(program) + cluster(cohort), ties = "efron")
-- on the scale's intervals (dropout_intervals). Computed in Go (pipeline/cox), not SQL:
-- the run reads this query's rows as Arrow batches, groups them by the columns other than
-- start, stop, event, x, stratum, cluster and subject (here instrument and scale), and fits the
-- groups in parallel. A row per group: its columns, then n (intervals), n_events, n_subjects
-- (distinct cluster and subject: members, as a member is of one cohort), coef, se
-- (model-based), robust_se (clustered sandwich) and note, which says why there is no estimate:
-- 'no dropouts', 'score does not vary', 'perfect separation' (coef and the errors null), or
-- 'one cohort' (the estimate stands; robust_se is null, as one cluster's summed residual is 0
-- at the estimate). The fit puts the intervals in an order of its own: the same intervals give
-- the same digits however they come.
-- Followed: every GCQ-S scale, and any other instrument's scale scored at two or more sessions
-- (a scale answered at one session only cannot change).
-- materialized: ephemeral
-- computed: cox_efron
with followed as (
    select instrument, scale
    from cohesion_member
    group by instrument, scale
    having instrument = 'gcqs' or min(session) <> max(session)
)

select
    instrument,
    scale,
    start,
    stop,
    event,
    score as x,
    program as stratum,
    cohort as cluster,
    participant_id as subject
from dropout_intervals
semi join followed using (instrument, scale)
