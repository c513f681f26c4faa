-- int_session_sources: where each held session's attendance comes from. Every attendance export
-- placed in the session counts (int_presence merges them); a session with no export takes its
-- marks (kept by hand or by a practice-management system), all of its marks files together. An
-- export wins over marks because it knows minutes. A session whose every mark is a clinician
-- cancellation did not happen for anyone, so it is not held. No rule here looks at load order.
-- materialized: ephemeral
with exports as (
    select distinct cohort, session, file_id, 'export' as source
    from int_meeting_sessions
    where cohort is not null
),

marked as (
    select m.cohort, m.session, m.file_id, 'marks' as source
    from raw_marks as m
    join raw_files as f using (file_id)
    where f.replaced_by is null -- a marks file kept by hand: its version in force
    group by m.cohort, m.session, m.file_id
    having bool_or(m.status <> 'clinician_cancelled')
),

final as (
    select * from exports
    union all
    select * from marked
    anti join exports as e using (cohort, session)
)

select * from final
