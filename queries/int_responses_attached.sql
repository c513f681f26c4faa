-- int_responses_attached: every answered item (int_answers: the long form and the mapped survey
-- export cells), with the member and session its form is attached to (int_forms has the rules),
-- or else the reason it could not be, so stg_responses and unmatched_responses split one set of
-- rows and no answer is dropped silently. A blank value is an unanswered item, not an answer: it
-- has no row (scoring counts it as missing).
-- materialized: ephemeral
-- partition: cohort
with answered as (
    select
        file_id,
        line,
        hash(email, name, cohort, session, submitted_local, zone) as written_key,
        lower(trim(instrument)) as instrument,
        lower(trim(item)) as item,
        trim(value) as value
    from int_answers
    where nullif(trim(value), '') is not null
        -- only files with forms in hand: on a run that rebuilds a few cohorts, a few files'
        -- answers, not every answer of the history (the join below would drop the rest)
        and file_id in (select file_id from int_forms)
),

checked as (
    select
        a.file_id,
        a.line,
        f.form_id,
        f.email,
        f.given_cohort,
        f.given_session,
        f.cohort,
        f.session,
        f.participant_id,
        a.instrument,
        a.item,
        i.value_type,
        a.value,
        case when i.value_type = 'number' then try_cast(a.value as double) end as value_num,
        f.submitted_local,
        f.zone,
        f.submitted_cohort_local,
        f.attached_by,
        f.reason as form_reason,
        i.min_value,
        i.max_value,
        i.whole_numbers,
        a.instrument in (select instrument from instrument_items) as known_instrument
    from answered as a
    join int_forms as f using (file_id, written_key)
    left join instrument_items as i on i.instrument = a.instrument and i.item = a.item
),

reasoned as (
    select
        *,
        coalesce(form_reason, case
            when not known_instrument then 'unknown instrument'
            when value_type is null then 'unknown item ' || item
            when value_type = 'number' and value_num is null then
                'not a number: ' || item || ' = "' || value || '"'
            when value_type = 'number' and (
                not (value_num between min_value and max_value)
                or (whole_numbers and value_num <> round(value_num))
            ) then 'out of range: ' || item || ' = ' || value || ' (valid: '
                || regexp_replace(min_value::varchar, '\.0$', '') || ' to '
                || regexp_replace(max_value::varchar, '\.0$', '')
                || case when whole_numbers then ', whole numbers' else '' end || ')'
        end) as reason
    from checked
),

final as (
    select
        file_id,
        line,
        form_id,
        email,
        given_cohort,
        given_session,
        cohort,
        session,
        participant_id,
        instrument,
        item,
        value_type,
        value,
        value_num,
        submitted_local,
        zone,
        submitted_cohort_local,
        attached_by,
        reason
    from reasoned
)

select * from final
