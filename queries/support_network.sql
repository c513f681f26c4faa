-- support_network: the between-session mutual-support network of each cohort at each session,
-- from the check-in's `contacts` answers ("which group members did you connect with since last
-- session"), as the directed ties of support_ties.
--   n_members = enrolled members; density = n_ties / (n_members·(n_members − 1));
--   reciprocity = mutual pairs / pairs with at least one tie (null when there are no ties).
-- Only sessions where someone answered `contacts` have a row: with no answers the network is
-- unknown, not empty.
-- partition: cohort
with ties as (
    select cohort, session, participant_id as from_id, named_participant_id as to_id
    from support_ties
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
    from stg_responses
    where instrument = 'checkin' and item = 'contacts'
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
