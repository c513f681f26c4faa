-- scale_reliability: how consistently the items of each multi-item scale measure one thing,
-- as Cronbach's alpha over every form that answered all of the scale's items, one form per
-- member and session (item_scores keeps the latest answer to each item, reverse-keyed
-- items turned round, and only valid forms: GCQ-S with at most 4 of its 12 items blank). With
-- k items, each item's sample variance s²ᵢ and the variance s²ₜ of the items' sum over the same
-- forms, alpha = k/(k − 1) · (1 − Σ s²ᵢ / s²ₜ), psych::alpha's raw_alpha. n_forms is the number of
-- forms used; alpha is null below two forms or when the sums do not vary. A row per scale with at
-- least one complete form; one-item scales (the check-in's connected) have none.
with scale_sizes as (
    select instrument, scale, count(*) as n_items
    from instrument_items
    where scale is not null
    group by instrument, scale
    having count(*) >= 2
),

answers as (
    select i.cohort, i.session, i.participant_id, i.instrument, i.scale, i.item, i.value, z.n_items
    from item_scores as i
    join scale_sizes as z using (instrument, scale)
),

complete_forms as (
    select cohort, session, participant_id, instrument, scale, sum(value) as total
    from answers
    group by cohort, session, participant_id, instrument, scale
    having count(*) = any_value(n_items)
),

item_variances as (
    select a.instrument, a.scale, a.item, var_samp(a.value) as variance
    from answers as a
    semi join complete_forms as f using (cohort, session, participant_id, instrument, scale)
    group by a.instrument, a.scale, a.item
),

totals as (
    select instrument, scale, count(*) as n_forms, var_samp(total) as total_variance
    from complete_forms
    group by instrument, scale
),

final as (
    select
        z.instrument,
        z.scale,
        t.n_forms::integer as n_forms,
        z.n_items::integer as n_items,
        (z.n_items / (z.n_items - 1) * (1 - sum(v.variance) / nullif(t.total_variance, 0)))::double as alpha
    from totals as t
    join scale_sizes as z using (instrument, scale)
    join item_variances as v using (instrument, scale)
    group by z.instrument, z.scale, t.n_forms, z.n_items, t.total_variance
)

select * from final
order by instrument, scale
