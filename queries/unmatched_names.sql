-- unmatched_names: people in an attendance export or a marks file of a session who are neither
-- on the cohort's roster (by email, name or alias) nor the facilitator. Kept to be reviewed,
-- never dropped.
with unmatched as (
    select file_id, cohort, session, name, email
    from int_presence
    where participant_id is null and not is_facilitator
    union all
    select file_id, cohort, session, name, email
    from int_marks
    where participant_id is null
),

final as (
    select distinct f.file, u.cohort, u.session, u.name, u.email
    from unmatched as u
    join raw_files as f using (file_id)
)

select * from final
order by cohort, session, name
