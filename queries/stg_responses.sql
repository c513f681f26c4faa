-- stg_responses: the survey and check-in answers the marts score: one row per answered item of a
-- known instrument, from a roster member, attached to a session (int_responses_attached has the
-- rule: an explicit session wins, else the member's held session that day, else the latest held
-- one before). value_num is the number of a numeric item, already checked against the item's
-- range; a `names` item (check-in contacts) keeps its text in value. Every answer left out is in
-- unmatched_responses with its reason.
with attached as (
    select *
    from int_responses_attached
    where reason is null
),

final as (
    select
        cohort,
        session,
        participant_id,
        instrument,
        item,
        value_type,
        value,
        value_num,
        file_id,
        line,
        submitted_cohort_local as submitted_local,
        attached_by
    from attached
)

select * from final
