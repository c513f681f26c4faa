-- stg_responses: the survey and check-in answers the marts score: one row per answered item of a
-- known instrument, from a roster member, attached to a session (int_responses_attached has the
-- rule: an explicit session wins, else the member's held session that day, else the latest held
-- one before). value_num is the number of a numeric item, already checked against the item's
-- range; a `names` item (check-in contacts) keeps its text in value. Every answer left out is in
-- unmatched_responses with its reason. For each member, session and instrument the latest
-- submitted form wins as a whole, every item of it (a check-in sent again replaces the earlier
-- one, its contacts too): latest submission time, then, for forms without one, the file's sha256
-- and the form's place in its file, so no order of loading changes the winner.
-- materialized: ephemeral
-- partition: cohort
with attached as (
    select *
    from int_responses_attached
    where reason is null
),

-- The winner is chosen among forms, not answers: each form's instruments, then the latest form
-- per member, session and instrument.
form_instruments as (
    select distinct form_id, instrument
    from attached
),

winners as (
    select i.form_id, i.instrument
    from form_instruments as i
    join int_forms as f using (form_id)
    qualify row_number() over (
        partition by f.cohort, f.session, f.participant_id, i.instrument
        order by f.submitted_cohort_local desc nulls last, f.sha256 desc, i.form_id desc
    ) = 1
),

latest as (
    select a.*
    from attached as a
    semi join winners as w using (form_id, instrument)
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
        attached_by,
        -- the form the answer is part of: one per member, session and instrument here, so
        -- models below can group on it rather than on those four
        form_id
    from latest
)

select * from final
