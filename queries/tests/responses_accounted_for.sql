-- Every answered raw_responses row is accounted for exactly once: attached to a member and a
-- session with no reason (stg_responses), or left out with its reason (unmatched_responses).
with answered as (
    select file_id, line
    from raw_responses
    where nullif(trim(value), '') is not null
),

accounted as (
    select file_id, line, count(*) as n,
        bool_and(
            reason is not null or (participant_id is not null and cohort is not null and session is not null)
        ) as consistent
    from int_responses_attached
    group by file_id, line
)

select coalesce(a.file_id, c.file_id) as file_id, coalesce(a.line, c.line) as line, c.n, c.consistent
from answered as a
full join accounted as c using (file_id, line)
where c.n is distinct from 1 or not c.consistent or a.file_id is null
