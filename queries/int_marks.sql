-- int_marks: the marks of each session whose current source is a marks file, with the roster
-- member each belongs to: by email, else by name or alias (a name shared by two members
-- matches neither).
-- materialized: ephemeral
with current_marks as (
    select m.*
    from raw_marks as m
    join int_session_sources as s
        on s.file_id = m.file_id and s.cohort = m.cohort and s.session = m.session
),

by_email as (
    select m.file_id, m.line, r.participant_id
    from current_marks as m
    join int_roster_keys as r on r.cohort = m.cohort and r.kind = 'email' and r.match_key = m.email
),

by_name as (
    select m.file_id, m.line, r.participant_id
    from current_marks as m
    join int_roster_keys as r
        on r.cohort = m.cohort and r.kind = 'name' and r.match_key = m.name_key and not r.shared
),

final as (
    select
        m.cohort,
        m.session,
        m.file_id,
        m.line,
        m.name,
        m.email,
        m.status,
        coalesce(e.participant_id, n.participant_id) as participant_id
    from current_marks as m
    left join by_email as e using (file_id, line)
    left join by_name as n using (file_id, line)
)

select * from final
