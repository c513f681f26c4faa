-- stg_responses: the survey and check-in answers the marts score: one row per answered item of a
-- known instrument, from a roster member, attached to a session (int_responses_attached has the
-- rule: an explicit session wins, else the member's held session that day, else the latest held
-- one before). value_num is the number of a numeric item, already checked against the item's
-- range; a `names` item (check-in contacts) keeps its text in value. Every answer left out is in
-- unmatched_responses with its reason. For each member, session and instrument the latest
-- submitted form wins as a whole, every item of it (a check-in sent again replaces the earlier
-- one, its contacts too): latest submission time, then, for forms without one, the file's sha256
-- and the form's place in its file, so no order of loading changes the winner.
with attached as (
    select a.*, f.sha256
    from int_responses_attached as a
    join raw_files as f using (file_id)
    where a.reason is null
),

latest as (
    select *
    from attached
    qualify dense_rank() over (
        partition by cohort, session, participant_id, instrument
        order by submitted_cohort_local desc nulls last, sha256 desc, form_id desc
    ) = 1
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
    from latest
)

select * from final
