-- One retention row per enrolled member of a scheduled cohort.
-- partition: cohort
select cohort, participant_id, count(*) as n
from retention
group by all
having count(*) <> 1
