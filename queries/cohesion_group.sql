-- cohesion_group: each scale at each cohort's session, across the members scored there: n, the
-- mean, the sample standard deviation (n − 1; null below two members) and the within-group
-- agreement rwg, how far the members agree compared with answers drawn uniformly over the item's
-- range (instruments.rwg_null_variance σ²: (A² − 1)/12 for A options, 4.0 for the GCQ-S).
-- A multi-item scale uses rwg(j) (James, Demaree & Wolf 1984): with J the scale's items and
-- s̄² the mean over its items of each item's sample variance among the members,
--   rwg(j) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²);
-- a one-item scale (J = 1, the check-in's connected) gives the single-item 1 − s²/σ². When the
-- members disagree more than uniform answers would (s̄² ≥ σ²) the formula leaves [0, 1] and rwg
-- is set to 0, as is conventional; it is null below two members.
with item_variances as (
    select cohort, session, instrument, scale, item, var_samp(value) as variance
    from int_scores_items
    group by cohort, session, instrument, scale, item
),

agreement as (
    select cohort, session, instrument, scale, avg(variance) as mean_item_variance
    from item_variances
    where variance is not null
    group by cohort, session, instrument, scale
),

scale_sizes as (
    select instrument, scale, count(*) as n_scale_items
    from instrument_items
    where scale is not null
    group by instrument, scale
),

summaries as (
    select
        cohort,
        session,
        instrument,
        scale,
        count(*) as n,
        avg(score) as mean,
        stddev_samp(score) as sd
    from cohesion_member
    group by cohort, session, instrument, scale
),

ratios as (
    select
        s.*,
        z.n_scale_items,
        a.mean_item_variance / n.rwg_null_variance as variance_ratio
    from summaries as s
    join instruments as n using (instrument)
    join scale_sizes as z using (instrument, scale)
    left join agreement as a using (cohort, session, instrument, scale)
),

final as (
    select
        cohort,
        session,
        instrument,
        scale,
        n::integer as n,
        mean::double as mean,
        sd::double as sd,
        case
            when n < 2 or variance_ratio is null then null
            when variance_ratio >= 1 then 0
            else n_scale_items * (1 - variance_ratio)
                / (n_scale_items * (1 - variance_ratio) + variance_ratio)
        end::double as rwg
    from ratios
)

select * from final
order by cohort, session, instrument, scale
