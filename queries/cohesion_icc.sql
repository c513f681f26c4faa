-- cohesion_icc: how much of each scale's variance lies between groups, by one-way ANOVA over all
-- cohorts: ICC(1) = (MSB − MSW) / (MSB + (k − 1)·MSW), the reliability of one member's score as
-- a measure of their group, and ICC(2) = (MSB − MSW) / MSB, the reliability of a group's mean
-- (Bliese 2000). A group is a cohort at one session, the unit cohesion_group describes (a
-- member's scores at different sessions are in different groups). For unequal groups k is
-- k0 = (N − Σn²/N) / (G − 1), with N = n_members the member scores and G = n_groups the groups:
-- the ANOVA expected-mean-squares group size (Searle; Bliese 2000), which is exact for the
-- variance components. multilevel::ICC1 uses the mean group size N/G instead; the two agree for
-- equal groups and differ slightly (N/G ≥ k0) when sizes vary, as attendance makes them.
-- Not truncated: ICC(1) below 0 says groups differ less than chance. Null with fewer than two
-- groups, no within-group degrees of freedom, or no between-group variance.
-- 95% confidence intervals, the one-way ANOVA F-based intervals psych::ICC gives for ICC1 and
-- ICC1k, with k0 for the group size: F = MSB/MSW, FL = F / qf(.975, G − 1, N − G),
-- FU = F · qf(.975, N − G, G − 1); ICC(1) from (FL − 1)/(FL + k0 − 1) to (FU − 1)/(FU + k0 − 1),
-- ICC(2) from 1 − 1/FL to 1 − 1/FU (qf is R's F quantile, registered by cohesion run; see
-- pipeline/functions.go). Null where the ICC is, or where MSW is 0 (F is infinite).
with

-- The same digits every run: sum() and avg() of doubles add their parallel partial sums in
-- whatever order the threads finish. So a group's scores are summed as integers, in units of
-- 1e-12 (a score moves by at most 5e-13), exactly; its mean and within sum of squares then follow
-- from exact sums, and the sums over groups are over lists sorted by value.
group_sums as (
    select
        instrument,
        scale,
        cohort,
        session,
        count(*) as n,
        sum(units) as units,
        sum(units * units) as squared_units
    from (select *, round(score * 1e12)::hugeint as units from cohesion_member)
    group by instrument, scale, cohort, session
),

group_stats as (
    select
        instrument,
        scale,
        cohort,
        session,
        n,
        units,
        units::double / n / 1e12 as group_mean,
        (n * squared_units - units * units)::double / n / 1e24 as ss_within
    from group_sums
),

grand as (
    select
        instrument,
        scale,
        count(*) as n_groups,
        sum(n) as n_members,
        sum(n * n) as sum_n_squared,
        sum(units)::double / sum(n) / 1e12 as grand_mean,
        list_sum(list_sort(list(ss_within))) as ss_within
    from group_stats
    group by instrument, scale
),

between_groups as (
    select
        g.instrument,
        g.scale,
        list_sum(list_sort(list(s.n * pow(s.group_mean - g.grand_mean, 2)))) as ss_between
    from grand as g
    join group_stats as s using (instrument, scale)
    group by g.instrument, g.scale
),

mean_squares as (
    select
        g.instrument,
        g.scale,
        g.n_groups,
        g.n_members,
        case when g.n_groups > 1 then b.ss_between / (g.n_groups - 1) end as msb,
        case when g.n_members > g.n_groups then g.ss_within / (g.n_members - g.n_groups) end as msw,
        case when g.n_groups > 1
            then (g.n_members - g.sum_n_squared / g.n_members) / (g.n_groups - 1)
        end as k0
    from grand as g
    join between_groups as b using (instrument, scale)
),

f_bounds as (
    select
        *,
        msb / nullif(msw, 0) / qf(0.975, n_groups - 1, n_members - n_groups) as f_low,
        msb / nullif(msw, 0) * qf(0.975, n_members - n_groups, n_groups - 1) as f_high
    from mean_squares
),

final as (
    select
        instrument,
        scale,
        n_groups::integer as n_groups,
        n_members::integer as n_members,
        ((msb - msw) / nullif(msb + (k0 - 1) * msw, 0))::double as icc1,
        ((msb - msw) / nullif(msb, 0))::double as icc2,
        ((f_low - 1) / nullif(f_low + k0 - 1, 0))::double as icc1_ci_low,
        ((f_high - 1) / nullif(f_high + k0 - 1, 0))::double as icc1_ci_high,
        (1 - 1 / nullif(f_low, 0))::double as icc2_ci_low,
        (1 - 1 / nullif(f_high, 0))::double as icc2_ci_high
    from f_bounds
)

select * from final
order by instrument, scale
