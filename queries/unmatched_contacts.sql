-- unmatched_contacts: names in check-in `contacts` answers that match no one on the cohort's
-- roster (by email, name or alias) and are not the facilitator: a nickname to add as an alias,
-- or someone outside the group. Kept to be reviewed, never dropped; load lists them with the
-- roster line that would match the likely member.
-- partition: cohort
with final as (
    select distinct f.file, c.cohort, c.session, c.participant_id, c.contact as name
    from int_contacts as c
    join raw_files as f using (file_id)
    where c.named_participant_id is null and not c.is_facilitator
)

select * from final
order by cohort, session, name
