-- A cohort plans each session number once.
-- partition: cohort
select cohort, session, count(*) as n
from sessions
group by all
having count(*) <> 1
