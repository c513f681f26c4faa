-- int_answers: every survey and check-in answer the instruments may score, one row per answered
-- item: the long form as written (raw_responses), and each survey export's cells whose column
-- maps to an item (int_survey_columns). An answer label with a number in it counts as that
-- number: the whole label ("7"), a leading number set off by a dash, colon, equals sign, dot,
-- parenthesis or space ("3 - Somewhat", "4: Often"), or a trailing number in parentheses
-- ("Moderately (3)"); failing that, the codebook's value for the label (case and surrounding
-- spaces aside). Anything else is kept as written (a name list, or text stg_responses refuses).
-- answered is false for a blank cell, whose value stays blank: readers that only need to know
-- whether an item was answered test it, and the label conversion is not computed for them.
-- materialized: view
-- partition: file_id
with survey as (
    select
        a.file_id,
        a.line,
        a.email,
        a.name,
        a.cohort,
        a.session,
        c.instrument,
        c.item,
        trim(a.value) as value,
        a.question,
        a.tag,
        a.submitted_local,
        a.zone
    from raw_answers as a
    join int_survey_columns as c on c.question = a.question and c.tag is not distinct from a.tag
    where c.instrument is not null
),

labels as (
    select
        question,
        tag,
        lower(trim(regexp_extract(pair, '^(.*)=([^=]*)$', 1))) as label,
        regexp_extract(pair, '^(.*)=([^=]*)$', 2) as number
    from (
        select question, tag, unnest(string_split(labels, ';')) as pair
        from int_survey_columns
        where labels is not null
    )
    where regexp_matches(pair, '^(.*)=([^=]*)$')
    qualify row_number() over (partition by question, tag, label order by number) = 1
),

converted as (
    select
        s.* exclude (value, question, tag),
        -- a value is blank exactly when its cell is (answered): a blank cell stays blank, and
        -- no label converts to a blank (the codebook refuses a blank label or number anyway)
        case when s.value = '' then s.value else coalesce(
            nullif(regexp_extract(s.value,
                '^(-?[0-9]+(?:\.[0-9]+)?)(?:$|[ \t]*[-–—:=.)][ \t]*(?:$|[^0-9 \t])|[ \t]+(?:$|[^-–—:=.)0-9 \t]))', 1), ''),
            nullif(regexp_extract(s.value, '.\(\s*(-?[0-9]+(?:\.[0-9]+)?)\s*\)$', 1), ''),
            nullif(trim(l.number), ''),
            s.value
        ) end as value,
        s.value <> '' as answered
    from survey as s
    left join labels as l
        on l.question = s.question and l.tag is not distinct from s.tag and l.label = lower(s.value)
),

-- The long form is the facilitator's own file: the version in force counts.
long_form as (
    select r.*
    from raw_responses as r
    join raw_files as f using (file_id)
    where f.replaced_by is null
),

final as (
    select file_id, line, email, name, cohort, session, instrument, item, value, submitted_local, zone,
        nullif(trim(value), '') is not null as answered
    from long_form
    union all
    select file_id, line, email, name, cohort, session, instrument, item, value, submitted_local, zone, answered
    from converted
)

select * from final
