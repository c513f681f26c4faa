-- scale_sums: each cohort's part of scale_reliability's sums, so that a run rebuilds only
-- the cohorts whose answers changed and scale_reliability adds up a few rows per cohort. A row
-- per cohort, instrument, multi-item scale (of n_items items) and item (item null: the forms'
-- totals over the scale's items), over the cohort's complete forms (one form per member and session answering
-- all of the scale's items): n forms, s1 = Σ units and s2 = Σ units², in exact integers of 1e-6
-- (answers have at most a tenth, as cohesion_member reads them), so that the program's sums are
-- the same integers however they are split.
-- materialized: table
-- partition: cohort
with scale_sizes as (
    select instrument, scale, count(*) as n_items
    from instrument_items
    where scale is not null
    group by instrument, scale
    having count(*) >= 2
),

answers as (
    select
        i.cohort,
        i.session,
        i.participant_id,
        i.instrument,
        i.scale,
        i.item,
        round(i.value * 1e6)::bigint as units,
        z.n_items
    from item_scores as i
    join scale_sizes as z using (instrument, scale)
),

-- A complete form keeps its answers in a list, for the item sums: one pass over the answers
-- rather than a second one joined back to the complete forms.
complete_forms as (
    select
        cohort,
        instrument,
        scale,
        any_value(n_items) as n_items,
        sum(units) as total,
        list({'item': item, 'units': units}) as answers
    from answers
    group by cohort, session, participant_id, instrument, scale
    having count(*) = any_value(n_items)
),

item_answers as (
    select cohort, instrument, scale, n_items, unnest(answers, recursive := true)
    from complete_forms
),

item_sums as (
    select
        cohort,
        instrument,
        scale,
        n_items,
        item,
        count(*) as n,
        sum(units)::hugeint as s1,
        sum(units::hugeint * units)::hugeint as s2
    from item_answers
    group by cohort, instrument, scale, n_items, item
),

totals as (
    select
        cohort,
        instrument,
        scale,
        n_items,
        null::varchar as item,
        count(*) as n,
        sum(total)::hugeint as s1,
        sum(total::hugeint * total)::hugeint as s2
    from complete_forms
    group by cohort, instrument, scale, n_items
)

select cohort, instrument, scale, n_items::bigint as n_items, item, n::bigint as n, s1, s2 from item_sums
union all
select cohort, instrument, scale, n_items::bigint as n_items, item, n::bigint as n, s1, s2 from totals
