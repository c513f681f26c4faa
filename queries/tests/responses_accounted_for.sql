-- Every answered item (int_answers: the long form and the mapped survey cells) is accounted for
-- exactly once: attached to a member and a session with no reason (stg_responses), or left out
-- with its reason (unmatched_responses). Answers are counted per file line: an answer dropped or
-- doubled changes its line's count (a line's items are not told apart, as a count per item
-- would cost as much as the model it guards).
with answered as (
    select file_id, line, count(*) as n
    from int_answers
    where nullif(trim(value), '') is not null
    group by file_id, line
),

accounted as (
    select file_id, line, count(*) as n,
        bool_and(
            reason is not null or (participant_id is not null and cohort is not null and session is not null)
        ) as consistent
    from int_responses_attached
    group by file_id, line
)

select coalesce(a.file_id, c.file_id) as file_id, coalesce(a.line, c.line) as line,
    a.n as answered, c.n as accounted, c.consistent
from answered as a
full join accounted as c using (file_id, line)
where a.n is distinct from c.n or not c.consistent
