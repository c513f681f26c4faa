-- members_to_check_on: the members of a cohort to check on, one row per member and reason
-- param cohort: cohort name, e.g. intro-2026-01
-- The check_on mart as the cohort report lists it, by pseudonymous participant_id (names are
-- never in a named query): the session each reason is about, the reason and its detail in words.
select participant_id, session, reason, detail
from check_on
where cohort = $cohort
order by participant_id, session nulls last, reason
