-- Every answered item (int_answers: the long form and the mapped survey cells) is accounted for
-- exactly once: attached to a member and a
-- session with no reason (stg_responses), or left out with its reason (unmatched_responses).
-- A wide export gives many answers per line, so answers are counted per line and item.
with answered as (
    select file_id, line, lower(trim(instrument)) as instrument, lower(trim(item)) as item, count(*) as n
    from int_answers
    where nullif(trim(value), '') is not null
    group by all
),

accounted as (
    select file_id, line, instrument, item, count(*) as n,
        bool_and(
            reason is not null or (participant_id is not null and cohort is not null and session is not null)
        ) as consistent
    from int_responses_attached
    group by all
)

select coalesce(a.file_id, c.file_id) as file_id, coalesce(a.line, c.line) as line,
    coalesce(a.item, c.item) as item, a.n as answered, c.n as accounted, c.consistent
from answered as a
full join accounted as c using (file_id, line, instrument, item)
where a.n is distinct from c.n or not c.consistent
