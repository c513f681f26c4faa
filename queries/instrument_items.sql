-- instrument_items: every item of the built-in instruments, as data, so that adding an instrument
-- is adding rows here and in instruments, not Go. An item row says which scale it scores (null for
-- an item that is not scored), the type of its value (value_type 'number', or 'names' for a
-- multi-select of group members) and, for numbers, its range and whether only whole numbers are
-- valid; reverse_keyed items score min + max − value. Item codes are as the loader stores them:
-- lower-case `<instrument>_<n>` (GCQ-S items are gcq_1..gcq_12 under the instrument gcqs).
--   GCQ-S (MacKenzie's short Group Climate Questionnaire): 12 items 0-6; Engagement = items
--     1, 2, 4, 8, 11; Avoidance = 3, 5, 9; Conflict = 6, 7, 10, 12.
--   GSRS and ORS: 4 visual-analogue items 0-10, marked to a tenth, so decimals are valid.
--   CORE-10: 10 items 0-4 where the value is the answer's position ("Not at all" = 0 ... "Most or
--     all of the time" = 4); items 2 and 3 are worded positively and reverse keyed, so they score
--     4 minus the value (as the printed form's reversed columns do).
--   PHQ-9 (items 1-9, the unscored "how difficult" question is not an item) and GAD-7: 0-3.
--   Check-in: `connected` 0-10; `contacts` names the members met since the last session.
with items as (
    select *
    from (values
        ('gcqs', 'gcq_1', 1, 'engagement', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_2', 2, 'engagement', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_3', 3, 'avoidance', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_4', 4, 'engagement', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_5', 5, 'avoidance', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_6', 6, 'conflict', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_7', 7, 'conflict', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_8', 8, 'engagement', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_9', 9, 'avoidance', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_10', 10, 'conflict', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_11', 11, 'engagement', 'number', 0, 6, true, false),
        ('gcqs', 'gcq_12', 12, 'conflict', 'number', 0, 6, true, false),
        ('gsrs', 'gsrs_1', 1, 'total', 'number', 0, 10, false, false),
        ('gsrs', 'gsrs_2', 2, 'total', 'number', 0, 10, false, false),
        ('gsrs', 'gsrs_3', 3, 'total', 'number', 0, 10, false, false),
        ('gsrs', 'gsrs_4', 4, 'total', 'number', 0, 10, false, false),
        ('ors', 'ors_1', 1, 'total', 'number', 0, 10, false, false),
        ('ors', 'ors_2', 2, 'total', 'number', 0, 10, false, false),
        ('ors', 'ors_3', 3, 'total', 'number', 0, 10, false, false),
        ('ors', 'ors_4', 4, 'total', 'number', 0, 10, false, false),
        ('core10', 'core10_1', 1, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_2', 2, 'total', 'number', 0, 4, true, true),
        ('core10', 'core10_3', 3, 'total', 'number', 0, 4, true, true),
        ('core10', 'core10_4', 4, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_5', 5, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_6', 6, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_7', 7, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_8', 8, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_9', 9, 'total', 'number', 0, 4, true, false),
        ('core10', 'core10_10', 10, 'total', 'number', 0, 4, true, false),
        ('phq9', 'phq9_1', 1, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_2', 2, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_3', 3, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_4', 4, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_5', 5, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_6', 6, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_7', 7, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_8', 8, 'total', 'number', 0, 3, true, false),
        ('phq9', 'phq9_9', 9, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_1', 1, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_2', 2, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_3', 3, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_4', 4, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_5', 5, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_6', 6, 'total', 'number', 0, 3, true, false),
        ('gad7', 'gad7_7', 7, 'total', 'number', 0, 3, true, false),
        ('checkin', 'connected', 1, 'connected', 'number', 0, 10, true, false),
        ('checkin', 'contacts', 2, null, 'names', null, null, null, null)
    ) as t(instrument, item, item_no, scale, value_type, min_value, max_value, whole_numbers, reverse_keyed)
),

final as (
    select
        instrument::varchar as instrument,
        item::varchar as item,
        item_no::integer as item_no,
        scale::varchar as scale,
        value_type::varchar as value_type,
        min_value::double as min_value,
        max_value::double as max_value,
        whole_numbers::boolean as whole_numbers,
        reverse_keyed::boolean as reverse_keyed
    from items
)

select * from final
order by instrument, item_no
