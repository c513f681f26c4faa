-- int_meeting_sessions: each attendance export attached to the scheduled session it records.
-- Among its candidate sessions (int_export_candidates) the file goes to an exact meeting-ID
-- match first, then to the cohort whose roster it names most (two groups can meet at the same
-- hour), then to the session whose start is nearest the meeting's. Several files may record one
-- session (a re-download, a corrected export, a second platform): they all count, and their
-- intervals are merged per member (attendance), so no order of loading changes the result.
-- The roster count decides only between cohorts: it is taken for the files that more than one
-- cohort could claim. dates_swapped (int_exports) says the export is placed, and its presence
-- read, with day and month swapped.
-- materialized: ephemeral
with contested as (
    select file_id, meeting, cohort
    from (select distinct file_id, meeting, cohort from int_export_candidates)
    qualify count(*) over (partition by file_id, meeting) > 1
),

presence_keys as (
    select file_id, meeting, unnest([email, name_key, original_key]) as match_key
    from raw_presence
    where not waiting_room and (file_id, meeting) in (select (file_id, meeting) from contested)
),

members_named as (
    select o.file_id, o.meeting, o.cohort, count(distinct k.participant_id) as members_named
    from contested as o
    join presence_keys as p using (file_id, meeting)
    join int_roster_keys as k on k.cohort = o.cohort and k.match_key = p.match_key
    group by o.file_id, o.meeting, o.cohort
),

candidates as (
    select o.*, coalesce(n.members_named, 0) as members_named
    from int_export_candidates as o
    left join members_named as n using (file_id, meeting, cohort)
    qualify row_number() over (
        partition by o.file_id, o.meeting
        order by same_meeting_id desc, members_named desc, start_gap_seconds, cohort, session
    ) = 1
),

final as (
    select
        e.*,
        c.cohort,
        c.session
    from int_exports as e
    left join candidates as c using (file_id, meeting)
)

select * from final
