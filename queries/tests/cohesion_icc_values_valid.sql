-- One ICC row per scored scale, counting the groups and member scores of cohesion_member;
-- ICC(1) and ICC(2) are at most 1 (either may be negative), and each lies inside its 95%
-- interval, which exists exactly where the ICC does and MSW is not 0.
with counts as (
    select instrument, scale, count(distinct (cohort, session)) as n_groups, count(*) as n_members
    from cohesion_member
    group by all
)

select c.*, k.n_groups as groups, k.n_members as members
from cohesion_icc as c
full join counts as k using (instrument, scale)
where c.n_groups is distinct from k.n_groups
    or c.n_members is distinct from k.n_members
    or c.icc1 > 1 + 1e-9
    or c.icc2 > 1 + 1e-9
    or c.icc1 < c.icc1_ci_low - 1e-9
    or c.icc1 > c.icc1_ci_high + 1e-9
    or c.icc2 < c.icc2_ci_low - 1e-9
    or c.icc2 > c.icc2_ci_high + 1e-9
    or (c.icc1_ci_low is not null and c.icc1 is null)
    or (c.icc2_ci_low is not null and c.icc2 is null)
