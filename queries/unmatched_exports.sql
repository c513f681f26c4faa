-- unmatched_exports: attendance exports that fit no scheduled session (wrong meeting ID, or no
-- session at that time): listed so the schedule or the file can be corrected.
with final as (
    select f.file, e.source, e.meeting_id, e.start_local, e.end_local
    from int_meeting_sessions as e
    join raw_files as f using (file_id)
    where e.cohort is null
)

select * from final
order by file
