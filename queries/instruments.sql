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
--     above it when higher is worse (CORE-10: 11 or more; PHQ-9: 10 or more; GAD-7: 8 or more);
--   reliable_change_published and reliable_change_confidence: the reliable change value as its
--     source publishes it (the smallest reliable change in the total) and the confidence level it
--     was derived at (1.96 or 1.645 standard errors of the difference);
--   reliable_change: that value at the one level used throughout, 95%: published ×
--     z(0.975) / z(level), so rci = change · 1.959964 / reliable_change is change / SE_diff.
--     CORE-10's 6 is Barkham et al.'s 90% criterion, 7.149 at 95%; the others are 95% values.
--   clinical_cutoff_source, reliable_change_source: where each constant comes from. Each
--     instrument takes its cutoff and its reliable change from one convention:
--       ORS: Miller, Duncan, Brown, Sparks & Claud (2003), cutoff 25, reliable change 5;
--       CORE-10: Barkham et al. (2013), cutoff 11, reliable change 6 at 90%;
--       PHQ-9 and GAD-7: the IAPT Data Handbook (National IAPT Programme Team, 2011), caseness
--         PHQ-9 10 or more and GAD-7 8 or more, reliable change 6 and 4. (GAD-7's 10, Spitzer et
--         al.'s moderate band, has no reliable change beside it, so the handbook's 8 is used.)
--     An instrument with a cutoff and a reliable change is an outcome measure: outcome_change
--     follows it for every member scored on it at two sessions or more.
--   alert_below, alert_drop, alert_source: when a member's session rating calls for a word with
--     them (check_on's session_rating_low and session_rating_fell): a total under alert_below,
--     or a fall of alert_drop or more from their own previous rating. GSRS: under 36 of 40, the
--     SRS cut-off (Duncan, Miller, Sparks, Claud, Reynolds, Brown & Johnson, 2003) that the GSRS
--     (Duncan & Miller, 2007) shares; the fall of 5 points is this practice's setting, not a
--     published value. Null for instruments that are not session ratings.
-- Derived from the items: n_items (scored items), the score range, and the rwg null variance,
-- the variance of a uniform answer over the item's range: (A² − 1)/12 for A whole-number options
-- (GCQ-S: 7 options, 4.0; 0-10: 10.0; 0-4: 2.0; 0-3: 1.25), (max − min)²/12 for a continuous
-- visual-analogue item (GSRS, ORS 0-10: 8.33).
with definitions as (
    select *
    from (values
        ('gcqs', 'GCQ-S', 'mean', 4, null, null, null, null, null, null, null, null, null),
        ('gsrs', 'GSRS', 'sum', 0, true, null, null, null, null, null,
            36, 5, 'Duncan et al. (2003), the SRS cut-off: under 36 of 40; a fall of 5: this practice''s setting'),
        ('ors', 'ORS', 'sum', 0, true, 25, 'Miller, Duncan, Brown, Sparks & Claud (2003)',
            5, 0.95, 'Miller, Duncan, Brown, Sparks & Claud (2003)', null, null, null),
        ('core10', 'CORE-10', 'sum', 1, false, 11, 'Barkham et al. (2013)',
            6, 0.90, 'Barkham et al. (2013)', null, null, null),
        ('phq9', 'PHQ-9', 'sum', 0, false, 10, 'IAPT Data Handbook (2011): caseness',
            6, 0.95, 'IAPT Data Handbook (2011): reliable improvement', null, null, null),
        ('gad7', 'GAD-7', 'sum', 0, false, 8, 'IAPT Data Handbook (2011): caseness',
            4, 0.95, 'IAPT Data Handbook (2011): reliable improvement', null, null, null),
        ('checkin', 'Check-in', 'mean', 0, true, null, null, null, null, null, null, null, null)
    ) as t(instrument, title, scoring, max_missing, higher_is_better, clinical_cutoff, clinical_cutoff_source,
        reliable_change_published, reliable_change_confidence, reliable_change_source,
        alert_below, alert_drop, alert_source)
),

-- z(0.975) and z(0.95), the standard normal quantiles of 95% and 90% two-sided levels.
levels as (
    select *
    from (values (0.95, 1.959963984540054), (0.90, 1.6448536269514722)) as t(confidence, z)
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
        d.clinical_cutoff_source::varchar as clinical_cutoff_source,
        case d.reliable_change_confidence
            when 0.95 then d.reliable_change_published
            else d.reliable_change_published * 1.959963984540054 / l.z
        end::double as reliable_change,
        d.reliable_change_published::double as reliable_change_published,
        d.reliable_change_confidence::double as reliable_change_confidence,
        d.reliable_change_source::varchar as reliable_change_source,
        d.clinical_cutoff is not null and d.reliable_change_published is not null as is_outcome,
        d.alert_below::double as alert_below,
        d.alert_drop::double as alert_drop,
        d.alert_source::varchar as alert_source,
        case
            when r.whole_numbers then (pow(r.item_max - r.item_min + 1, 2) - 1) / 12
            else pow(r.item_max - r.item_min, 2) / 12
        end as rwg_null_variance
    from definitions as d
    join item_ranges as r using (instrument)
    join scale_sizes as s using (instrument)
    left join levels as l on l.confidence = d.reliable_change_confidence
)

select * from final
order by instrument
