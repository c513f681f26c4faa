-- dropout_intervals: the counting-process data behind cohesion_dropout, one row per scale,
-- member (starter) and session k from the member's first validly scored session on: the
-- interval (k − 1, k], event when k is the member's dropout_after (under the rule in force), and
-- score, the member's score at the latest session up to k with one (carried forward). Time and
-- exit are those of retention_curve: a dropout leaves observation at dropout_after, a completer
-- at the cohort's final planned session, an ongoing member at their last attended session;
-- sessions before the first valid score are left out (there is nothing to carry forward).
-- Every scale is here; cohesion_dropout follows every GCQ-S scale, and any other instrument's
-- scale scored at two or more sessions (of any cohort). A researcher refits the model in R with
-- coxph(Surv(start, stop, event) ~ score + strata(program) + cluster(cohort), ties = "efron").
-- Stored by cohort, as a mart: a cohort's intervals are a function of its own members' scores
-- and course, so a run recomputes only the changed cohorts' and the fit reads the rest.
-- partition: cohort
with starters as (
    select program, cohort, participant_id, exit_session, dropped
    from retention_starters
),

-- Each member's scores on a scale, in session order, each held from its session until the
-- member's next score on the scale or their exit. A sorted list per member rather than a window:
-- the same rows at a third of the cost of carrying scores forward over every member-session with
-- last_value, and two thirds of that of a lead() over the scores. The rows come in no particular
-- order: cohesion_dropout gives its own.
score_lists as (
    select
        m.cohort,
        m.participant_id,
        m.instrument,
        m.scale,
        list_sort(list({'session': m.session, 'score': m.score})) as held
    from cohesion_member as m
    group by m.cohort, m.participant_id, m.instrument, m.scale
),

held_scores as (
    select
        cohort,
        participant_id,
        instrument,
        scale,
        unnest(held).session as session,
        unnest(held).score as score,
        unnest(held[2:]).session as next_session
    from score_lists
),

member_sessions as (
    select
        c.instrument,
        c.scale,
        s.program,
        s.cohort,
        s.participant_id,
        unnest(range(c.session, least(coalesce(c.next_session, s.exit_session + 1), s.exit_session + 1))) as session,
        s.exit_session,
        s.dropped,
        c.score
    from held_scores as c
    join starters as s using (cohort, participant_id)
),

final as (
    select
        instrument,
        scale,
        program,
        cohort,
        participant_id,
        session::integer as session,
        (session - 1)::double as start,
        session::double as stop,
        dropped and session = exit_session as event,
        score::double as score
    from member_sessions
)

select * from final
