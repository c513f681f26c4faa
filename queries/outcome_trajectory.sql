-- outcome_trajectory: each member's course on each outcome measure (instruments.is_outcome),
-- one row per member, measure and scored session: intake is the member's total at their first
-- scored session of the cohort (intake_session), change the session's total − intake (0 at the
-- intake). The practice's expected response (expected_response) is made from earlier cohorts'
-- rows; a researcher reads a member's trajectory from the same rows.
-- partition: cohort
with totals as (
    select m.cohort, m.participant_id, m.instrument, m.session, m.score
    from cohesion_member as m
    join instruments as i using (instrument)
    where i.is_outcome and m.scale = 'total'
        and m.cohort is not null and m.participant_id is not null and m.session is not null and m.score is not null
),

intakes as (
    select cohort, participant_id, instrument, min(session) as intake_session, arg_min(score, session) as intake
    from totals
    group by cohort, participant_id, instrument
)

select
    t.cohort::varchar as cohort,
    t.participant_id::varchar as participant_id,
    t.instrument::varchar as instrument,
    i.intake_session::integer as intake_session,
    i.intake::double as intake,
    t.session::integer as session,
    (t.score - i.intake)::double as change
from totals as t
join intakes as i using (cohort, participant_id, instrument)
order by cohort, participant_id, instrument, session
