-- stg_roster: the members of each cohort: everyone the roster versions in force list as a
-- member, and anyone an older version listed who attended a held session (a member who came
-- never disappears because a newer roster omits her; one who never came can be removed).
-- Guests, co-facilitators and observers (role) are recognised in exports but are not members.
-- from_session is the first session a member is enrolled for: earlier sessions do not count
-- them, in attendance or in retention.
-- materialized: ephemeral
with attended as (
    select distinct cohort, participant_id
    from int_presence
    where participant_id is not null
    union
    select distinct cohort, participant_id
    from int_marks
    where participant_id is not null and status in ('present', 'late')
),

final as (
    select c.cohort, c.participant_id, c.name, c.email, c.aliases, c.name_keys, c.from_session, c.roster_line
    from int_roster_candidates as c
    left join attended as a using (cohort, participant_id)
    where c.role = 'member' and (c.listed or a.participant_id is not null)
)

select * from final
