-- cohesion_member: every scored scale of every member's form at a session: the GCQ-S's
-- engagement, avoidance and conflict, the total of GSRS, ORS, CORE-10, PHQ-9 and GAD-7, and the
-- check-in's connected. A 'mean' instrument's scale is the mean of its answered items (GCQ-S: a
-- scale with none of its items answered has no row); a 'sum' instrument's total is the sum,
-- prorated over missing items where the instrument allows any (CORE-10 with 9 of 10 answered:
-- sum × 10/9, unrounded). Forms missing more items than allowed give no row (item_scores).
-- items_answered counts the scale's answered items. Items are summed as exact decimals (answers
-- have at most a tenth), so a total does not depend on the order the rows arrive in: 6.1 + 6.2 +
-- 6.4 + 6.3 is 25, not 24.999999999999996, on the right side of a cutoff of 25.
-- partition: cohort
with scale_sizes as (
    select instrument, scale, count(*) as n_scale_items
    from instrument_items
    where scale is not null
    group by instrument, scale
),

scores as (
    select
        s.cohort,
        s.session,
        s.participant_id,
        s.instrument,
        s.scale,
        case n.scoring
            when 'mean' then avg(s.value::decimal(18, 6))
            else sum(s.value::decimal(18, 6)) * any_value(z.n_scale_items) / count(*)
        end as score,
        count(*) as items_answered
    from item_scores as s
    join instruments as n using (instrument)
    join scale_sizes as z using (instrument, scale)
    group by s.cohort, s.session, s.participant_id, s.instrument, s.scale, n.scoring
),

final as (
    select
        cohort,
        session,
        participant_id,
        instrument,
        scale,
        score::double as score,
        items_answered::integer as items_answered
    from scores
)

select * from final
order by cohort, session, participant_id, instrument, scale
