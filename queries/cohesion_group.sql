-- cohesion_group: each scale at each cohort's session, across the members scored there: n, the
-- mean, the sample standard deviation (n − 1; null below two members) and the within-group
-- agreement rwg, how far the members agree compared with answers drawn uniformly over the item's
-- range (instruments.rwg_null_variance σ²: (A² − 1)/12 for A options, 4.0 for the GCQ-S).
-- A multi-item scale uses rwg(j) (James, Demaree & Wolf 1984): with J the scale's items and
-- s̄² the mean over its items of each item's sample variance among the members,
--   rwg(j) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²);
-- a one-item scale (J = 1, the check-in's connected) gives the single-item 1 − s²/σ². When the
-- members disagree more than uniform answers would (s̄² ≥ σ²) the formula leaves [0, 1] and rwg
-- is set to 0, as is conventional (and as multilevel::rwg.j does, capping s̄² at σ²).
-- Which members: rwg is listwise, as multilevel::rwg.j is: only members who answered every item
-- of the scale count (rwg_n of them), and it is null below two. rwg_pairwise takes each item's
-- variance over whoever answered that item, which keeps members with a blank item but mixes
-- item variances over different members; it is kept beside rwg for comparison.
-- partition: cohort
with scale_sizes as (
    select instrument, scale, count(*) as n_scale_items
    from instrument_items
    where scale is not null
    group by instrument, scale
),

-- A member's scale is complete when cohesion_member counted all its items: a hash join on the
-- member's scale, not a window over every answer (a sort of all of them).
member_scales as (
    select m.cohort, m.session, m.participant_id, m.instrument, m.scale, m.items_answered = z.n_scale_items as complete
    from cohesion_member as m
    join scale_sizes as z using (instrument, scale)
),

answers as (
    select i.*, c.complete
    from item_scores as i
    join member_scales as c using (cohort, session, participant_id, instrument, scale)
),

item_variances as (
    select
        cohort,
        session,
        instrument,
        scale,
        item,
        var_samp(value) as variance,
        var_samp(value) filter (where complete) as complete_variance
    from answers
    group by cohort, session, instrument, scale, item
),

agreement as (
    select
        cohort,
        session,
        instrument,
        scale,
        avg(variance) as mean_item_variance,
        avg(complete_variance) as mean_complete_variance
    from item_variances
    group by cohort, session, instrument, scale
),

-- one cohesion_member row per member and scale, so counting rows counts members
complete_members as (
    select cohort, session, instrument, scale, count(participant_id) as rwg_n
    from member_scales
    where complete
    group by cohort, session, instrument, scale
),

summaries as (
    select
        cohort,
        session,
        instrument,
        scale,
        count(*) as n,
        avg(score) as mean,
        stddev_samp(score) as sd
    from cohesion_member
    group by cohort, session, instrument, scale
),

ratios as (
    select
        s.*,
        z.n_scale_items,
        coalesce(c.rwg_n, 0) as rwg_n,
        a.mean_complete_variance / n.rwg_null_variance as variance_ratio,
        a.mean_item_variance / n.rwg_null_variance as pairwise_ratio
    from summaries as s
    join instruments as n using (instrument)
    join scale_sizes as z using (instrument, scale)
    left join agreement as a using (cohort, session, instrument, scale)
    left join complete_members as c using (cohort, session, instrument, scale)
),

final as (
    select
        cohort,
        session,
        instrument,
        scale,
        n::integer as n,
        mean::double as mean,
        sd::double as sd,
        case
            when rwg_n < 2 or variance_ratio is null then null
            when variance_ratio >= 1 then 0
            else n_scale_items * (1 - variance_ratio)
                / (n_scale_items * (1 - variance_ratio) + variance_ratio)
        end::double as rwg,
        rwg_n::integer as rwg_n,
        case
            when n < 2 or pairwise_ratio is null then null
            when pairwise_ratio >= 1 then 0
            else n_scale_items * (1 - pairwise_ratio)
                / (n_scale_items * (1 - pairwise_ratio) + pairwise_ratio)
        end::double as rwg_pairwise
    from ratios
)

select * from final
order by cohort, session, instrument, scale
