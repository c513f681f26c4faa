-- int_roster_keys: every key a member can be recognised by in an export, one row each: their
-- email and each folded name and alias. Matching joins on (cohort, match_key) equality, which
-- stays fast however many cohorts share a common name. A key that names more than one member
-- of the cohort (two members called "Sam", a shared alias) is marked shared: it matches nobody.
-- Keys come from every roster version (int_roster_candidates), guests and observers included, so
-- that a member an older roster listed is still recognised and a known guest is not unmatched.
-- materialized: ephemeral
with emails as (
    select cohort, participant_id, email as match_key, 'email' as kind
    from int_roster_candidates
    where email is not null
),

names as (
    select cohort, participant_id, unnest(name_keys) as match_key, 'name' as kind
    from int_roster_candidates
),

member_keys as (
    select distinct * from (select * from emails union all select * from names)
),

final as (
    select *, count(*) over (partition by cohort, kind, match_key) > 1 as shared
    from member_keys
)

select * from final
