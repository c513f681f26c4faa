-- pii_people: the only table with names and emails, one row per participant_id (the same person
-- in two cohorts is one row; of two spellings, the first in sort order, whatever the load order).
-- Reports read it only when names are asked for; exports never.
with final as (
    select
        participant_id,
        min(name) as name,
        min(email) as email
    from stg_roster
    group by participant_id
)

select * from final
order by participant_id
