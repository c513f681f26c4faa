-- instruments: how each built-in instrument is scored and read, as data beside its items
-- (instrument_items), so a new instrument is rows, not Go. Per instrument:
--   scoring: 'mean' (a scale is the mean of its answered items) or 'sum' (a scale is the sum of
--     its items, prorated as sum × items / answered when items may be missing);
--   max_missing: the most scored items a form may leave unanswered (or answer invalidly) and
--     still be scored; a form missing more is invalid and gives no score at all. GCQ-S: more than
--     4 of 12 missing is invalid. CORE-10: one missing item is prorated (sum × 10/9), two or more
--     invalid (the usual CORE-10 guidance). GSRS, ORS, PHQ-9 and GAD-7: every item is required (the
--     conservative rule: a total made up from part of a short form is not comparable with the
--     cutoffs and reliable change values; the check-in has one scored item);
--   higher_is_better: the direction of change that is improvement;
--   clinical_cutoff: the clinical side is below it when higher is better (ORS: under 25), at or
--     above it when higher is worse (CORE-10: 11 or more; PHQ-9: 10 or more, the moderate band
--     of 5/10/15/20; GAD-7: 10 or more, the moderate band of 5/10/15, rather than the more
--     sensitive 8 some services use);
--   reliable_change: the published reliable change index, the smallest change in the total
--     that is reliable (ORS 5, CORE-10 6, PHQ-9 6, GAD-7 4). An instrument with a cutoff and a
--     reliable change is an outcome measure: outcome_change follows it for every member scored on it
--     at two sessions or more.
-- Derived from the items: n_items (scored items), the score range, and the rwg null variance,
-- the variance of a uniform answer over the item's range: (A² − 1)/12 for A whole-number options
-- (GCQ-S: 7 options, 4.0; 0-10: 10.0; 0-4: 2.0; 0-3: 1.25), (max − min)²/12 for a continuous
-- visual-analogue item (GSRS, ORS 0-10: 8.33).
with definitions as (
    select *
    from (values
        ('gcqs', 'GCQ-S', 'mean', 4, null, null, null),
        ('gsrs', 'GSRS', 'sum', 0, true, null, null),
        ('ors', 'ORS', 'sum', 0, true, 25, 5),
        ('core10', 'CORE-10', 'sum', 1, false, 11, 6),
        ('phq9', 'PHQ-9', 'sum', 0, false, 10, 6),
        ('gad7', 'GAD-7', 'sum', 0, false, 10, 4),
        ('checkin', 'Check-in', 'mean', 0, true, null, null)
    ) as t(instrument, title, scoring, max_missing, higher_is_better, clinical_cutoff, reliable_change)
),

item_ranges as (
    select
        instrument,
        count(*) as n_items,
        min(min_value) as item_min,
        max(max_value) as item_max,
        bool_and(whole_numbers) as whole_numbers
    from instrument_items
    where value_type = 'number'
    group by instrument
),

scale_sizes as (
    select instrument, max(n) as largest_scale
    from (
        select instrument, scale, count(*) as n
        from instrument_items
        where value_type = 'number'
        group by instrument, scale
    )
    group by instrument
),

final as (
    select
        d.instrument::varchar as instrument,
        d.title::varchar as title,
        d.scoring::varchar as scoring,
        r.n_items::integer as n_items,
        d.max_missing::integer as max_missing,
        r.item_min,
        r.item_max,
        -- a mean stays in the item range; a (prorated) sum in the scale's items times it
        case d.scoring when 'mean' then r.item_min else r.item_min * s.largest_scale end as score_min,
        case d.scoring when 'mean' then r.item_max else r.item_max * s.largest_scale end as score_max,
        d.higher_is_better::boolean as higher_is_better,
        d.clinical_cutoff::double as clinical_cutoff,
        d.reliable_change::double as reliable_change,
        d.clinical_cutoff is not null and d.reliable_change is not null as is_outcome,
        case
            when r.whole_numbers then (pow(r.item_max - r.item_min + 1, 2) - 1) / 12
            else pow(r.item_max - r.item_min, 2) / 12
        end as rwg_null_variance
    from definitions as d
    join item_ranges as r using (instrument)
    join scale_sizes as s using (instrument)
)

select * from final
order by instrument
