-- stg_roster: enrolled members per cohort, from the newest roster file that mentions the cohort.
with latest_file as (
    select cohort, max(file_id) as file_id
    from raw_roster
    group by cohort
),

final as (
    select r.file_id, r.cohort, r.participant_id, r.name, r.email, r.aliases, r.name_keys
    from raw_roster as r
    join latest_file using (cohort, file_id)
)

select * from final
