-- int_forms: every form of the survey and check-in answers (int_answers), attached to a roster
-- member and a session, or else given the reason it could not be. One row per respondent as a
-- file writes them (written_key: a hash of the respondent columns, the key int_responses_attached
-- joins each answer by), so the matching below runs once per form, not once per answer. A blank
-- value is an unanswered item, not an answer: a respondent with no answer has no form.
--
-- The rows of one file that share respondent, cohort, session and submission time are one form,
-- attached as a whole. The respondent is the roster member with that email; when the email is on
-- no roster, the member whose name or alias (folded as the loader folds names) is the form's
-- name, if exactly one in a cohort. Their session:
--   1. an explicit session column wins (within the explicit cohort, if any; any scheduled
--      session, held or not). A member of several cohorts with that session number (e.g. intro,
--      then advanced) is placed by the submission time, else left unmatched as ambiguous;
--   2. otherwise, the member's held session (of the explicit cohort, if any) on the same local
--      day as the submission; else the latest held session that started before it (a form filled
--      days later counts for the session it followed).
-- "Local" is the cohort's timezone. submitted_local is the wall time the export gives, in the
-- zone it states (an IANA name, or an offset such as "GMT-4", "UTC+05:30", "+0200", "Z"); with no
-- zone it is taken to be the cohort's own wall time. A zone that is neither is unmatched.
-- materialized: ephemeral
with -- Each respondent as written is cleaned once, not once per answer: a file holds far fewer forms
-- than answers.
written as (
    select distinct
        file_id, hash(email, name, cohort, session, submitted_local, zone) as written_key,
        email, name, cohort, session, submitted_local, zone
    from int_answers
    -- answered, not value: the number a cell's text gives is not needed to find its respondent
    where answered
),

written_keys as (
    select
        *,
        -- the form: the respondent as its keys read, one number for all the ways it was written
        dense_rank() over (
            order by file_id, email_key, name_key, given_cohort, session, submitted_local, zone_key
        ) as form_id
    from (
        select
            *,
            nullif(lower(trim(email)), '') as email_key,
            nullif(trim(name), '') as name_trimmed,
            case when nullif(trim(name), '') is not null
                then nullif(trim(regexp_replace(lower(strip_accents(name)), '[\s\pZ_]+', ' ', 'g')), '')
            end as name_key,
            nullif(trim(cohort), '') as given_cohort,
            nullif(trim(zone), '') as zone_key
        from written
    )
),

forms as (
    select
        form_id,
        any_value(file_id) as file_id,
        any_value(email_key) as email,
        -- the name a message quotes: of the spellings that fold alike, the first
        min(name_trimmed) as name,
        any_value(name_key) as name_key,
        any_value(given_cohort) as given_cohort,
        any_value(session) as given_session,
        any_value(submitted_local) as submitted_local,
        any_value(zone_key) as zone
    from written_keys
    group by form_id
),

zone_names as (
    select name as zone_name
    from pg_timezone_names()
),

offsets as (
    select
        f.*,
        regexp_extract(
            f.zone, '^(?i:GMT|UTC)?\s*([+-])(\d{1,2})(?::?([0-5]\d))?$', ['sign', 'hours', 'minutes']
        ) as parts,
        z.zone_name
    from forms as f
    left join zone_names as z on z.zone_name = f.zone
),

signed_offsets as (
    select
        * exclude (parts, zone_name),
        case
            when zone is null then null
            when upper(zone) in ('Z', 'UTC', 'GMT') then 0
            when parts['sign'] <> '' then
                (case parts['sign'] when '-' then -1 else 1 end)
                * (try_cast(parts['hours'] as integer) * 60
                    + coalesce(try_cast(parts['minutes'] as integer), 0))
        end as signed_minutes,
        zone_name
    from offsets
),

submissions as (
    select
        * exclude (signed_minutes),
        -- real offsets run from UTC−12 to UTC+14; anything beyond is not a zone
        case when abs(signed_minutes) <= 14 * 60 then signed_minutes end as offset_minutes
    from signed_offsets
),

instants as (
    select
        *,
        zone is null or offset_minutes is not null or zone_name is not null as zone_known,
        case
            when submitted_local is null or zone is null then null
            when offset_minutes is not null then timezone('UTC', submitted_local - to_minutes(offset_minutes))
            when zone_name is not null then timezone(coalesce(zone_name, 'UTC'), submitted_local)
        end as submitted_at
    from submissions
),

by_email as (
    select f.form_id, r.cohort, r.participant_id
    from instants as f
    join stg_roster as r on r.email = f.email
),

roster_keys as (
    select cohort, participant_id, unnest(name_keys) as name_key
    from stg_roster
),

by_name as (
    select f.form_id, k.cohort, any_value(k.participant_id) as participant_id
    from instants as f
    join roster_keys as k on k.name_key = f.name_key
    anti join by_email as e on e.form_id = f.form_id
    group by f.form_id, k.cohort
    having count(distinct k.participant_id) = 1
),

memberships as (
    select * from by_email
    union all
    select * from by_name
),

enrolment as (
    select
        f.form_id,
        count(m.form_id) > 0 as on_roster,
        count(m.form_id) filter (where m.cohort = f.given_cohort) > 0 as in_given_cohort
    from instants as f
    left join memberships as m using (form_id)
    group by f.form_id
),

candidates as (
    select
        f.form_id,
        f.given_session,
        m.cohort,
        m.participant_id,
        p.session,
        s.held,
        p.starts_local,
        case
            when f.zone is null then f.submitted_local
            else timezone(p.timezone, f.submitted_at)
        end as submitted_cohort_local
    from instants as f
    join memberships as m using (form_id)
    join stg_schedule as p on p.cohort = m.cohort
    join sessions as s on s.cohort = p.cohort and s.session = p.session
    where (f.given_cohort is null or m.cohort = f.given_cohort)
        and (f.given_session is null or p.session = f.given_session)
),

eligible as (
    select
        *,
        submitted_cohort_local::date = starts_local::date as same_day,
        starts_local <= submitted_cohort_local as on_or_before,
        abs(epoch(submitted_cohort_local) - epoch(starts_local)) as distance
    from candidates
    where given_session is not null
        or (held and (
            submitted_cohort_local::date = starts_local::date or starts_local <= submitted_cohort_local
        ))
),

chosen as (
    select
        *,
        count(*) over (partition by form_id) as n_candidates
    from eligible
    qualify row_number() over (
        partition by form_id
        order by same_day desc nulls last, on_or_before desc nulls last, distance nulls last, cohort, session
    ) = 1
),

placed as (
    select
        f.form_id,
        f.email,
        f.given_cohort,
        f.given_session,
        c.cohort,
        c.session,
        c.participant_id,
        c.submitted_cohort_local,
        case
            when c.form_id is null then null
            when c.given_session is not null then 'session column'
            when c.same_day then 'same day'
            else 'latest before'
        end as attached_by,
        case
            when not r.on_roster then
                'not on the roster'
                || case when f.email is null and f.name is not null then ' (name "' || f.name || '")' else '' end
            when f.given_cohort is not null and not r.in_given_cohort then
                'not on the roster of cohort ' || f.given_cohort
            when c.form_id is not null and c.submitted_cohort_local is null and c.n_candidates > 1 then
                'enrolled in several cohorts with session ' || f.given_session || ': the cohort column is needed'
            when c.form_id is not null then null
            when f.given_session is not null then 'no session ' || f.given_session || ' scheduled for the cohort'
            when f.submitted_local is null then 'no session column and no submission time'
            when not f.zone_known then 'unknown time zone "' || f.zone || '"'
            else 'no held session of the cohort on the day or before the submission'
        end as reason
    from instants as f
    join enrolment as r using (form_id)
    left join chosen as c using (form_id)
),

final as (
    select
        w.file_id,
        w.written_key,
        w.form_id,
        f.email,
        f.name,
        p.given_cohort,
        p.given_session,
        -- a form left out as a whole (e.g. ambiguous between cohorts) is attached nowhere
        case when p.reason is null then p.cohort end as cohort,
        case when p.reason is null then p.session end as session,
        case when p.reason is null then p.participant_id end as participant_id,
        f.submitted_local,
        f.zone,
        case when p.reason is null then p.submitted_cohort_local end as submitted_cohort_local,
        case when p.reason is null then p.attached_by end as attached_by,
        p.reason,
        rf.sha256
    from written_keys as w
    join forms as f using (form_id)
    join placed as p using (form_id)
    join raw_files as rf on rf.file_id = w.file_id
)

select * from final
