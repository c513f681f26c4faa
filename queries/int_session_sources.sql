-- int_session_sources: where each held session's attendance comes from: the newest of its
-- attendance exports and its marked attendance (kept by hand or by a practice-management
-- system), so a later file of either kind replaces an earlier one. A session whose every mark
-- is a clinician cancellation did not happen for anyone, so it is not held.
with exports as (
    select cohort, session, file_id, 'export' as source
    from int_meeting_sessions
    where is_current
),

marked as (
    select cohort, session, file_id, 'marks' as source
    from raw_marks
    group by cohort, session, file_id
    having bool_or(status <> 'clinician_cancelled')
),

final as (
    select *
    from (select * from exports union all select * from marked)
    qualify row_number() over (partition by cohort, session order by file_id desc) = 1
)

select * from final
