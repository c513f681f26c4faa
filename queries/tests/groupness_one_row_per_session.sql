-- groupness has one row per cohort and session, every held session among them, and its
-- attendance rate is a share.
select coalesce(g.cohort, s.cohort) as cohort, coalesce(g.session, s.session) as session, g.attendance_rate
from groupness as g
full join (select cohort, session from sessions where held) as s using (cohort, session)
where (g.cohort, g.session) in (select (cohort, session) from groupness group by all having count(*) > 1)
    or g.cohort is null
    or g.attendance_rate < 0
    or g.attendance_rate > 1
