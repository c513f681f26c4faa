-- Every check_on row names a known reason in words, at most once per member, reason and
-- session (a deterioration once per measure); a missed session is the cohort's last held one
-- and the member was absent from it; an engagement reason is at the member's latest scored
-- engagement session.
with last_held as (
    select cohort, max(session) as session from sessions where held group by cohort
),

latest_engagement as (
    select cohort, participant_id, max(session) as session
    from cohesion_member
    where instrument = 'gcqs' and scale = 'engagement' and score is not null
    group by cohort, participant_id
)

select c.*
from check_on as c
left join last_held as l on l.cohort = c.cohort
left join attendance as a
    on a.cohort = c.cohort and a.session = c.session and a.participant_id = c.participant_id
left join latest_engagement as e on e.cohort = c.cohort and e.participant_id = c.participant_id
where c.cohort is null
    or c.participant_id is null
    or c.reason not in ('missed_last_session', 'engagement_fell', 'engagement_below_group',
        'reliable_deterioration', 'session_rating_low', 'session_rating_fell',
        'not_on_track')
    or coalesce(c.detail, '') = ''
    or (c.cohort, c.participant_id, c.reason, c.detail) in (
        select (cohort, participant_id, reason, detail) from check_on group by all having count(*) > 1
    )
    or (c.reason = 'missed_last_session'
        and (c.session is distinct from l.session or a.status is distinct from 'absent'))
    or (c.reason in ('engagement_fell', 'engagement_below_group') and c.session is distinct from e.session)
