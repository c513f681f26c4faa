-- support_ties: the directed ties of the between-session mutual-support network, one row per
-- member (participant_id) and enrolled member of the same cohort they named
-- (named_participant_id) in that session's check-in `contacts` answer. Each answer is split into
-- names on ';' or ', ', each name folded as the loader folds names (case, accents, runs of
-- spaces) and matched to the name or an alias of an enrolled member of the same cohort; a name
-- shared by two members matches neither. The facilitator, anyone not enrolled (a partner, a
-- stranger) and a member naming themselves are ignored; a tie is counted once. Pseudonyms only.
with contact_answers as (
    select cohort, session, participant_id, value
    from stg_responses
    where instrument = 'checkin' and item = 'contacts'
),

named as (
    select
        cohort,
        session,
        participant_id as from_id,
        trim(regexp_replace(
            lower(strip_accents(unnest(string_split_regex(value, ';|, ')))), '[\s\pZ_]+', ' ', 'g'
        )) as name_key
    from contact_answers
),

member_keys as (
    select cohort, name_key, any_value(participant_id) as participant_id
    from (select cohort, participant_id, unnest(name_keys) as name_key from stg_roster)
    group by cohort, name_key
    having count(distinct participant_id) = 1
),

facilitator_keys as (
    select distinct cohort, facilitator_key as name_key
    from stg_schedule
    where facilitator_key is not null
),

ties as (
    select distinct n.cohort, n.session, n.from_id, m.participant_id as to_id
    from named as n
    join member_keys as m using (cohort, name_key)
    anti join facilitator_keys as f using (cohort, name_key)
    where m.participant_id <> n.from_id
),

final as (
    select cohort, session, from_id as participant_id, to_id as named_participant_id
    from ties
)

select * from final
order by cohort, session, participant_id, named_participant_id
