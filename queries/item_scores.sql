-- item_scores: the item answers that count towards scale scores: for each member, session
-- and instrument, the answer to each scored item of the form that counts (stg_responses keeps
-- the latest submitted form whole), reverse-keyed items turned round (min + max − value), and only from forms
-- with no more missing items than the instrument allows (instruments.max_missing: GCQ-S 4 of 12,
-- CORE-10 1, the others none). An invalid form gives no items here, so no scores at all.
-- materialized: table
-- partition: cohort
-- stg_responses keeps one form per member, session and instrument, so its form_id stands for
-- those four keys: the steps below group on it and the keys are joined back at the end.
with latest as (
    select
        form_id,
        instrument,
        item,
        arg_max(value_num, line) as value_num
    from stg_responses
    where value_type = 'number'
    group by form_id, instrument, item
),

scored as (
    select
        l.form_id,
        l.instrument,
        i.scale,
        l.item,
        i.item_no,
        case when i.reverse_keyed then i.min_value + i.max_value - l.value_num else l.value_num end as value
    from latest as l
    join instrument_items as i using (instrument, item)
    where i.scale is not null
),

form_sizes as (
    select form_id, instrument, count(*) as items_answered
    from scored
    group by form_id, instrument
),

valid_forms as (
    select f.form_id, f.instrument
    from form_sizes as f
    join instruments as n using (instrument)
    where f.items_answered >= n.n_items - n.max_missing
),

form_keys as (
    select distinct form_id, cohort, session, participant_id
    from int_forms
),

final as (
    select
        k.cohort,
        k.session,
        k.participant_id,
        s.instrument,
        s.scale,
        s.item,
        s.item_no,
        s.value
    from scored as s
    join valid_forms as v using (form_id, instrument)
    join form_keys as k using (form_id)
)

select * from final
