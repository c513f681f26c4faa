-- A member has one score per scale of an instrument at a session.
-- partition: cohort
select cohort, session, participant_id, instrument, scale, count(*) as n
from cohesion_member
group by all
having count(*) <> 1
