-- int_dropout_intervals: the counting-process data behind cohesion_dropout, one row per scale,
-- member (starter) and session k from the member's first validly scored session on: the
-- interval (k − 1, k], event when k is the member's dropout_after (under the rule in force), and
-- score, the member's score at the latest session up to k with one (carried forward). Time and
-- exit are those of retention_curve: a dropout leaves observation at dropout_after, a completer
-- at the cohort's final planned session, an ongoing member at their last attended session;
-- sessions before the first valid score are left out (there is nothing to carry forward).
-- Scales: every GCQ-S scale, and any other instrument's scale scored at two or more sessions
-- (a scale answered at one session only cannot change and is not followed).
-- materialized: view
with starters as (
    select program, cohort, participant_id, exit_session, dropped
    from int_retention_starters
),

followed_scales as (
    select instrument, scale
    from cohesion_member
    group by instrument, scale
    having instrument = 'gcqs' or count(distinct session) >= 2
),

scores as (
    select m.cohort, m.participant_id, m.instrument, m.scale, m.session, m.score
    from cohesion_member as m
    semi join followed_scales as f using (instrument, scale)
),

first_scored as (
    select cohort, participant_id, instrument, scale, min(session) as first_session
    from scores
    group by cohort, participant_id, instrument, scale
),

member_sessions as (
    select
        f.instrument,
        f.scale,
        s.program,
        s.cohort,
        s.participant_id,
        unnest(range(f.first_session, s.exit_session + 1)) as session,
        s.exit_session,
        s.dropped
    from first_scored as f
    join starters as s using (cohort, participant_id)
),

scored_sessions as (
    select
        m.*,
        c.score as score_here
    from member_sessions as m
    left join scores as c using (cohort, participant_id, instrument, scale, session)
),

carried as (
    select
        *,
        last_value(score_here ignore nulls) over (
            partition by instrument, scale, cohort, participant_id
            order by session rows between unbounded preceding and current row
        ) as score
    from scored_sessions
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
    from carried
)

select * from final
order by instrument, scale, cohort, participant_id, session
