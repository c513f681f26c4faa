-- comments: what members wrote in the free-text questions of survey and check-in exports ("Not
-- sure this is for me."), one row per answer, attached to the member and session of the form it
-- is part of (int_responses_attached places the form). Free text may name people: the cohort
-- report shows it only with --names, and exports leave the comment out unless --free-text.
-- partition: cohort
with free_text as (
    select a.file_id, a.line, a.question, trim(a.value) as comment
    from raw_answers as a
    join int_survey_columns as c on c.question = a.question and c.tag is not distinct from a.tag
    where c.instrument is null and trim(a.value) <> ''
),

-- only the files with free text: the long form has none, and it is most of the answers
forms as (
    select distinct file_id, line, cohort, session, participant_id
    from int_responses_attached
    semi join (select distinct file_id from free_text) using (file_id)
    where reason is null
),

final as (
    select f.cohort, f.session, f.participant_id, t.question, t.comment
    from free_text as t
    join forms as f using (file_id, line)
)

select * from final
order by cohort, session, participant_id, question
