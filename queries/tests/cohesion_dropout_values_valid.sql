-- One Cox row per followed scale; a ratio is exp(coef) inside its interval, exists exactly
-- when no note explains its absence (a single cohort keeps its ratio but has no interval), and
-- its p-value is a probability; dropouts are at most the members followed.
select *
from cohesion_dropout
where (instrument, scale) in (select (instrument, scale) from cohesion_dropout group by all having count(*) > 1)
    or n_events > n_members
    or n_members < 1
    or abs(hazard_ratio - exp(coef)) > 1e-9 * hazard_ratio
    or hazard_ratio < ci_low
    or hazard_ratio > ci_high
    or p_value < 0
    or p_value > 1
    or (coef is null) <> (note is not null and not starts_with(note, 'one cohort'))
    or (ci_low is null) <> (note is not null)
    or (n_events = 0 and coef is not null)
