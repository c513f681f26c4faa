-- pii_people: the only table with names and emails, one row per participant_id, as the newest
-- roster names them. Reports read it only when names are asked for; exports never.
with final as (
    select
        participant_id,
        arg_max(name, file_id) as name,
        arg_max(email, file_id) as email
    from stg_roster
    group by participant_id
)

select * from final
order by participant_id
