-- One row per multi-item scale, counting at least one form and two items; alpha is at most 1
-- and exists from two forms up.
select *
from scale_reliability
where (instrument, scale) in (select (instrument, scale) from scale_reliability group by all having count(*) > 1)
    or n_forms < 1
    or n_items < 2
    or alpha > 1 + 1e-9
    or (n_forms < 2 and alpha is not null)
