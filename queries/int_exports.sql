-- int_exports: each attendance export with the meeting's span: the start and end its meeting
-- block gives, else its first join and last leave (waiting room excluded).
-- materialized: ephemeral
with spans as (
    select file_id, min(join_local) as first_join, max(leave_local) as last_leave
    from raw_presence
    where not waiting_room
    group by file_id
),

exports as (
    select
        m.file_id,
        m.source,
        m.meeting_id,
        m.host_email,
        coalesce(m.start_local, s.first_join) as start_local,
        coalesce(m.end_local, s.last_leave) as end_local
    from raw_meetings as m
    left join spans as s using (file_id)
),

final as (
    select * from exports
)

select * from final
