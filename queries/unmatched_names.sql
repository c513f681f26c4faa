-- unmatched_names: people in an attendance export of a session who are neither on the cohort's
-- roster (by email, name or alias) nor the facilitator. Kept to be reviewed, never dropped.
with final as (
    select distinct f.file, p.cohort, p.session, p.name, p.email
    from int_presence as p
    join raw_files as f using (file_id)
    where p.participant_id is null and not p.is_facilitator
)

select * from final
order by cohort, session, name
