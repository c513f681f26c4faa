-- One change per member, cohort and outcome instrument; change is final − baseline; the category
-- is one of three and agrees with the RCI's sign; clinical significance needs reliable improvement
-- and is known exactly when the baseline is on the clinical side of the cutoff.
-- partition: cohort
select o.*
from outcome_change as o
left join instruments as i using (instrument)
where not coalesce(i.is_outcome, false)
    or (o.cohort, o.participant_id, o.instrument) in (
        select (cohort, participant_id, instrument) from outcome_change group by all having count(*) > 1
    )
    or abs(o.change - (o.final - o.baseline)) > 1e-9
    or o.reliable_change not in ('improved', 'no_change', 'deteriorated')
    or (o.reliable_change = 'no_change' and abs(o.rci) > 1.959963984540054 + 1e-9)
    or (o.reliable_change <> 'no_change' and abs(o.rci) < 1.959963984540054 - 1e-9)
    or (o.reliable_change = 'improved' and (o.rci > 0) <> i.higher_is_better)
    or (o.reliable_change = 'deteriorated' and (o.rci < 0) <> i.higher_is_better)
    or (o.clinically_significant and o.reliable_change <> 'improved')
    or (o.clinically_significant is null) <> (
        case when i.higher_is_better then o.baseline >= i.clinical_cutoff else o.baseline < i.clinical_cutoff end
    )
