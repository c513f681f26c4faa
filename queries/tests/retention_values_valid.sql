-- Outcomes are the four values; dropout_after is set exactly for dropouts and is their last session.
-- partition: cohort
select *
from retention
where outcome not in ('completed', 'dropped_out', 'never_started', 'ongoing')
    or (outcome = 'dropped_out') <> (dropout_after is not null)
    or (outcome = 'dropped_out' and dropout_after <> last_attended)
    or (outcome = 'never_started') <> (sessions_attended = 0)
    or sessions_attended > sessions_planned
