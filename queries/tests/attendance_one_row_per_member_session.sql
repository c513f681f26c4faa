-- Every enrolled member has exactly one attendance row per held session from the one they are
-- enrolled for (roster from_session), and no one else has any.
-- partition: cohort
with expected as (
    select s.cohort, s.session, r.participant_id
    from sessions as s
    join stg_roster as r on r.cohort = s.cohort and s.session >= r.from_session
    where s.held
),

actual as (
    select cohort, session, participant_id, count(*) as n
    from attendance
    group by all
)

select coalesce(e.cohort, a.cohort) as cohort, coalesce(e.session, a.session) as session,
    coalesce(e.participant_id, a.participant_id) as participant_id, a.n
from expected as e
full join actual as a using (cohort, session, participant_id)
where a.n is distinct from 1 or e.participant_id is null
