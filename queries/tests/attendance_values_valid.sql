-- Status is one of the four values; minutes lie within the session; an absent member has none.
-- partition: cohort
select a.*
from attendance as a
join sessions as s using (cohort, session)
where a.status not in ('present', 'late', 'left_early', 'absent')
    or a.minutes_present < 0
    or a.minutes_present > ceil(epoch(s.ends_at - s.starts_at) / 60)
    or a.late_minutes < 0
    or a.left_early_minutes < 0
    or (a.status = 'absent' and a.minutes_present + a.late_minutes + a.left_early_minutes > 0)
