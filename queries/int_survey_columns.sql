-- int_survey_columns: which instrument item each survey column is, decided at run time so that a
-- codebook loaded or corrected later applies without loading anything again. For each distinct
-- header (and Qualtrics export tag) of the loaded survey exports, in this order:
--   1. the codebook in force: its column is the exact header text (or the text trimmed), else
--      the export tag;
--   2. an item code at the start of the header, or of a bracketed or parenthesised part of it, or
--      of the tag: "GCQ_3", "GCQ-S 3", "ORS 2", "SRS 1", "CORE-10 7", "PHQ-9 4", "GAD7_2" (an item
--      number beyond the instrument's items is no code);
--   3. the check-in's two questions in their common wordings: "How connected do you feel ..." is
--      checkin.connected, "Which group members did you connect with ..." (who / talk / contact /
--      reach out / meet) is checkin.contacts.
-- A column none of these maps is free text: kept, never scored (comments shows it).
-- materialized: ephemeral
-- incremental: append
with headers as (
    select distinct question, tag
    from raw_answers
),

codebook as (
    select column_header, instrument, item, labels
    from raw_codebook as c
    join raw_files as f using (file_id)
    where f.replaced_by is null
    qualify row_number() over (partition by column_header order by instrument, item, labels) = 1
),

codes as (
    select *
    from (values
        ('gcq', 'gcqs', 'gcq', 12), ('gcqs', 'gcqs', 'gcq', 12), ('ors', 'ors', 'ors', 4),
        ('srs', 'gsrs', 'gsrs', 4), ('gsrs', 'gsrs', 'gsrs', 4), ('core10', 'core10', 'core10', 10),
        ('phq9', 'phq9', 'phq9', 9), ('gad7', 'gad7', 'gad7', 7)
    ) as t(code, instrument, prefix, n_items)
),

-- Where an item code may start: the header, each part after a bracket, then the tag.
starts as (
    select
        question,
        tag,
        list_concat(
            [trim(question)],
            list_transform(regexp_extract_all(question, '[\[(]([^\[(]*)', 1), s -> trim(s)),
            case when tag is not null then [trim(tag)] else [] end
        ) as candidates
    from headers
),

coded as (
    select
        question,
        tag,
        unnest(candidates) as candidate,
        unnest(generate_series(1, len(candidates))) as position
    from starts
),

matched as (
    select
        c.question,
        c.tag,
        c.position,
        regexp_extract(
            c.candidate,
            '(?i)^(?:(gcq(?:[-_ ]?s)?|ors|g?srs)[-_ .#:]*|(core[-_ ]?10|phq[-_ ]?9|gad[-_ ]?7)[-_ .#:]+)0*([0-9]{1,2})(?:[^0-9a-zA-Z]|$)',
            ['short', 'long', 'number']
        ) as m
    from coded as c
),

by_code as (
    select
        m.question,
        m.tag,
        k.instrument,
        k.prefix || '_' || (m.m['number'])::integer as item
    from matched as m
    join codes as k
        on k.code = regexp_replace(lower(coalesce(nullif(m.m['short'], ''), m.m['long'])), '[-_ ]', '', 'g')
    where m.m['number'] <> '' and (m.m['number'])::integer between 1 and k.n_items
    qualify row_number() over (partition by m.question, m.tag order by m.position) = 1
),

mapped as (
    select
        h.question,
        h.tag,
        coalesce(cq.instrument, ct.instrument, bc.instrument,
            case
                when regexp_matches(h.question, '(?i)\bhow\s+connected\b') then 'checkin'
                when regexp_matches(h.question,
                    '(?i)\b(which|who|whom)\b.*\b(connect|connected|contact|contacted|talk|talked|spoke|spoken|met|meet|reach(ed)?\s+out)\b')
                    then 'checkin'
            end) as instrument,
        coalesce(cq.item, ct.item, bc.item,
            case
                when regexp_matches(h.question, '(?i)\bhow\s+connected\b') then 'connected'
                when regexp_matches(h.question,
                    '(?i)\b(which|who|whom)\b.*\b(connect|connected|contact|contacted|talk|talked|spoke|spoken|met|meet|reach(ed)?\s+out)\b')
                    then 'contacts'
            end) as item,
        coalesce(cq.labels, ct.labels) as labels,
        case
            when cq.column_header is not null or ct.column_header is not null then 'codebook'
            when bc.instrument is not null then 'item code'
            when regexp_matches(h.question, '(?i)\bhow\s+connected\b|\b(which|who|whom)\b') then 'wording'
        end as mapped_by
    from headers as h
    left join codebook as cq on cq.column_header = h.question or cq.column_header = trim(h.question)
    left join codebook as ct on ct.column_header = h.tag and cq.column_header is null
    left join by_code as bc on bc.question = h.question and bc.tag is not distinct from h.tag
    qualify row_number() over (partition by h.question, h.tag order by cq.column_header = h.question desc nulls last) = 1
),

final as (
    select question, tag, instrument, item, labels, case when instrument is not null then mapped_by end as mapped_by
    from mapped
)

select * from final
