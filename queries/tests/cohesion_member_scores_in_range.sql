-- Every score lies in its instrument's range, on a scale the instrument defines, from at least
-- one and at most all of the scale's items.
-- partition: cohort
with scale_sizes as (
    select instrument, scale, count(*) as n_scale_items
    from instrument_items
    where scale is not null
    group by instrument, scale
)

select m.*, n.score_min, n.score_max, z.n_scale_items
from cohesion_member as m
left join instruments as n using (instrument)
left join scale_sizes as z using (instrument, scale)
where n.instrument is null
    or z.scale is null
    or m.score is null
    or m.score < n.score_min - 1e-9
    or m.score > n.score_max + 1e-9
    or m.items_answered < 1
    or m.items_answered > z.n_scale_items
