-- support_ties: the directed ties of the between-session mutual-support network, one row per
-- member (participant_id) and enrolled member of the same cohort they named
-- (named_participant_id) in that session's check-in `contacts` answer (int_contacts matches the
-- names). The facilitator, guests and observers, anyone not enrolled, and a member naming
-- themselves are not ties; a tie is counted once. A name that matches nobody is listed in
-- unmatched_contacts, never dropped unseen. Pseudonyms only.
-- partition: cohort
with final as (
    select distinct c.cohort, c.session, c.participant_id, c.named_participant_id
    from int_contacts as c
    semi join stg_roster as r on r.cohort = c.cohort and r.participant_id = c.named_participant_id
    where c.named_participant_id <> c.participant_id
)

select * from final
order by cohort, session, participant_id, named_participant_id
