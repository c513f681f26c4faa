-- int_presence: every non-waiting-room join/leave row of the current export of each session,
-- with the roster member it belongs to: by email, else by name or alias, else by the original
-- name of a renamed user ("New (Original)"). A name shared by two members matches neither.
-- Rows of the facilitator (schedule's facilitator, the meeting host's email, or a row the export
-- marks as the organiser's) are marked. The times are those of the reading that placed the
-- export: day and month swapped when int_exports says dates_swapped (every time of such an
-- export has a day of 12 or less).
-- materialized: ephemeral
with export_rows as (
    select
        f.cohort,
        f.session,
        f.host_email,
        p.* replace (
            case when f.dates_swapped
                then day_first(p.join_local)
                else p.join_local
            end as join_local,
            case when f.dates_swapped
                then day_first(p.leave_local)
                else p.leave_local
            end as leave_local
        )
    from raw_presence as p
    join int_meeting_sessions as f using (file_id, meeting)
    semi join int_session_sources as src
        on src.file_id = f.file_id and src.cohort = f.cohort and src.session = f.session
    where not p.waiting_room
),

-- A name or alias shared by two members of the cohort names neither.
member_names as (
    select cohort, match_key, participant_id
    from int_roster_keys
    where kind = 'name' and not shared
),

facilitators as (
    select cohort, session, facilitator_key
    from stg_schedule
    where facilitator_key is not null
),

final as (
    select
        r.cohort,
        r.session,
        r.file_id,
        r.line,
        r.name,
        r.original_name,
        r.email,
        r.join_local,
        r.leave_local,
        r.minutes,
        coalesce(e.participant_id, n.participant_id, o.participant_id) as participant_id,
        coalesce(e.participant_id, n.participant_id, o.participant_id) is null
            and (coalesce(fac.facilitator_key in (r.name_key, r.original_key), false)
                or coalesce(r.email = r.host_email, false) or r.is_host) as is_facilitator
    from export_rows as r
    left join int_roster_keys as e on e.cohort = r.cohort and e.kind = 'email' and e.match_key = r.email
    left join member_names as n on n.cohort = r.cohort and n.match_key = r.name_key
    left join member_names as o on o.cohort = r.cohort and o.match_key = r.original_key
    left join facilitators as fac on fac.cohort = r.cohort and fac.session = r.session
)

select * from final
