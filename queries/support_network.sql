-- support_network: the between-session mutual-support network of each cohort at each session,
-- from the check-in's `contacts` answers ("which group members did you connect with since last
-- session"). Each answer is split into names on ';' or ', ', each name folded as the loader folds
-- names (case, accents, runs of spaces) and matched to the name or an alias of an enrolled member
-- of the same cohort; a name shared by two members matches neither. The facilitator, anyone not
-- enrolled (a partner, a stranger) and a member naming themselves are ignored. A tie is directed
-- (from the respondent to the member named) and counted once.
--   n_members = enrolled members; density = n_ties / (n_members·(n_members − 1));
--   reciprocity = mutual pairs / pairs with at least one tie (null when there are no ties).
-- Only sessions where someone answered `contacts` have a row: with no answers the network is
-- unknown, not empty.
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

pairs as (
    select
        cohort,
        session,
        least(from_id, to_id) as member_a,
        greatest(from_id, to_id) as member_b,
        count(*) = 2 as mutual
    from ties
    group by cohort, session, least(from_id, to_id), greatest(from_id, to_id)
),

answered as (
    select distinct cohort, session
    from contact_answers
),

enrolled as (
    select cohort, count(distinct participant_id) as n_members
    from stg_roster
    group by cohort
),

tie_counts as (
    select cohort, session, count(*) as n_ties
    from ties
    group by cohort, session
),

pair_counts as (
    select cohort, session, count(*) as n_pairs, count(*) filter (where mutual) as n_mutual
    from pairs
    group by cohort, session
),

final as (
    select
        a.cohort,
        a.session,
        e.n_members::integer as n_members,
        coalesce(t.n_ties, 0)::integer as n_ties,
        (coalesce(t.n_ties, 0) / nullif(e.n_members * (e.n_members - 1), 0))::double as density,
        (p.n_mutual / nullif(p.n_pairs, 0))::double as reciprocity
    from answered as a
    join enrolled as e using (cohort)
    left join tie_counts as t using (cohort, session)
    left join pair_counts as p using (cohort, session)
)

select * from final
order by cohort, session
