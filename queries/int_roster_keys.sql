-- int_roster_keys: every key a member can be recognised by in an export, one row each: their
-- email and each folded name and alias. Matching joins on (cohort, match_key) equality, which
-- stays fast however many cohorts share a common name.
with emails as (
    select cohort, participant_id, email as match_key, 'email' as kind
    from stg_roster
    where email is not null
),

names as (
    select cohort, participant_id, unnest(name_keys) as match_key, 'name' as kind
    from stg_roster
),

final as (
    select distinct * from (select * from emails union all select * from names)
)

select * from final
