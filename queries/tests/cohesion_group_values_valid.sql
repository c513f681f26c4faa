-- Each group row summarises exactly the member scores of its cohort, session and scale: n, a
-- mean within the scale's range, an sd only from two members up, and rwg (listwise, over rwg_n
-- members with every item answered) and rwg_pairwise within [0, 1].
-- partition: cohort
with members as (
    select cohort, session, instrument, scale, count(*) as n, avg(score) as mean
    from cohesion_member
    group by all
)

select g.*, m.n as members
from cohesion_group as g
full join members as m using (cohort, session, instrument, scale)
left join instruments as i using (instrument)
where g.n is distinct from m.n
    or abs(g.mean - m.mean) > 1e-9
    or g.mean < i.score_min - 1e-9
    or g.mean > i.score_max + 1e-9
    or (g.sd is null) <> (g.n < 2)
    or g.sd < 0
    or g.rwg < 0
    or g.rwg > 1
    or (g.rwg_n < 2 and g.rwg is not null)
    or g.rwg_n > g.n
    or g.rwg_pairwise < 0
    or g.rwg_pairwise > 1
    or (g.n < 2 and g.rwg_pairwise is not null)
