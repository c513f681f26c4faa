-- outcome_change: each member's change on each outcome measure (instruments with a clinical
-- cutoff and a reliable change value: ORS, CORE-10, PHQ-9, GAD-7) over a cohort, from the total
-- at their first scored session (baseline) to that at their last (final); members scored at
-- fewer than two sessions have no row. change = final − baseline.
-- Reliable change (Jacobson & Truax): RCI = (x2 − x1) / (s1·√2·√(1 − r)), reliable when
-- |RCI| ≥ 1.96, the 95% level. instruments.reliable_change is the smallest reliable change at
-- that level (1.96·s1·√2·√(1 − r); CORE-10's published 90% value is converted to it), so
-- rci = change · 1.959964 / reliable_change. A change of at least that (|rci| ≥ 1.96) in the
-- better direction is 'improved', in the worse one 'deteriorated', else 'no_change'; the better
-- direction is up for ORS and down for CORE-10, PHQ-9 and GAD-7. The published values are the
-- smallest change counted as reliable ("a change of 6 or more" on PHQ-9 in IAPT's reliable
-- improvement), so a change of exactly the value counts.
-- clinically_significant (Jacobson & Truax's recovery): reliably improved and moved from the
-- clinical side of the cutoff to the other (ORS: from under 25 to 25 or more; CORE-10 from 11 or
-- more to under 11; PHQ-9 from 10 or more to under 10; GAD-7 from 8 or more to under 8). Null
-- when the baseline was not on the clinical side: such a member cannot recover, and counting them
-- as not recovered would dilute every rate built on it.
-- partition: cohort
with totals as (
    select m.cohort, m.participant_id, m.instrument, m.session, m.score
    from cohesion_member as m
    join instruments as n using (instrument)
    where n.is_outcome and m.scale = 'total'
),

spans as (
    select
        cohort,
        participant_id,
        instrument,
        arg_min(score, session) as baseline,
        arg_max(score, session) as final_score
    from totals
    group by cohort, participant_id, instrument
    having count(*) >= 2
),

changes as (
    select
        s.*,
        s.final_score - s.baseline as change,
        -- improvement is the change in the better direction, rounded so that a decimal ORS
        -- total's floating-point error cannot move a change of exactly RC across the line
        round(
            case when n.higher_is_better then s.final_score - s.baseline else s.baseline - s.final_score end, 6
        ) as improvement,
        n.reliable_change as rc,
        case when n.higher_is_better
            then s.baseline < n.clinical_cutoff
            else s.baseline >= n.clinical_cutoff
        end as baseline_clinical,
        case when n.higher_is_better
            then s.final_score < n.clinical_cutoff
            else s.final_score >= n.clinical_cutoff
        end as final_clinical
    from spans as s
    join instruments as n using (instrument)
),

final as (
    select
        cohort,
        participant_id,
        instrument,
        baseline::double as baseline,
        final_score::double as final,
        change::double as change,
        (change * 1.959963984540054 / rc)::double as rci,
        case
            when improvement >= rc then 'improved'
            when improvement <= -rc then 'deteriorated'
            else 'no_change'
        end as reliable_change,
        case when baseline_clinical then improvement >= rc and not final_clinical end as clinically_significant
    from changes
)

select * from final
order by cohort, participant_id, instrument
