-- scale_reliability: how consistently the items of each multi-item scale measure one thing,
-- as Cronbach's alpha over every form that answered all of the scale's items, one form per
-- member and session (item_scores keeps the latest answer to each item, reverse-keyed
-- items turned round, and only valid forms: GCQ-S with at most 4 of its 12 items blank). With
-- k items, each item's sample variance s²ᵢ and the variance s²ₜ of the items' sum over the same
-- forms, alpha = k/(k − 1) · (1 − Σ s²ᵢ / s²ₜ), psych::alpha's raw_alpha. n_forms is the number of
-- forms used; alpha is null below two forms or when the sums do not vary. A row per scale with at
-- least one complete form; one-item scales (the check-in's connected) have none.
with -- Sums of squares from exact integer sums (scale_sums: each cohort's n, Σ units, Σ units² in
-- units of 1e-6, added up here): (n·Σx² − (Σx)²) is exact, so alpha does not depend on the order
-- the rows arrive in, as var_samp()'s parallel partial results do, nor on how the sums are split
-- by cohort, and all the items and the totals share the n of the complete forms, so their
-- variances' ratio is that of those integers.
item_sums as (
    select
        instrument,
        scale,
        item,
        sum(n) * sum(s2) - sum(s1) * sum(s1) as n_squares
    from scale_sums
    where item is not null
    group by instrument, scale, item
),

totals as (
    select
        instrument,
        scale,
        -- the scale's size, as scale_sums counted it from instrument_items
        any_value(n_items) as n_items,
        sum(n) as n_forms,
        sum(n) * sum(s2) - sum(s1) * sum(s1) as n_squares
    from scale_sums
    where item is null
    group by instrument, scale
),

final as (
    select
        t.instrument,
        t.scale,
        t.n_forms::integer as n_forms,
        t.n_items::integer as n_items,
        case when t.n_forms >= 2 then
            (t.n_items / (t.n_items - 1) * (1 - sum(v.n_squares)::double / nullif(t.n_squares, 0)::double))
        end::double as alpha
    from totals as t
    join item_sums as v using (instrument, scale)
    group by t.instrument, t.scale, t.n_forms, t.n_items, t.n_squares
)

select * from final
order by instrument, scale
