-- expected_response: the practice's own expected response on each outcome measure, for each
-- cohort, from the members of the same program's earlier finished cohorts: percentiles of the
-- change from intake at each session, within bands of intake score.
-- One row per cohort (whose expectation it is), instrument, intake band and session:
--   earlier: a reference cohort is of the same program, finished (every planned session held)
--     and its last session ended before this cohort's first began; of those, the 24 that ended
--     last (a norm of the practice's recent work, a few hundred members, and a cost that grows
--     with the history, not with its square). Anyone enrolled in this
--     cohort is left out of its reference members, so a member never counts toward their own
--     expectation (not even from an earlier stint in the same program).
--   intake: a reference member's total at their first scored session of their cohort; change
--     at a later session is that session's total − intake (sessions after the intake only).
--   intake_band: 1, 2 or 3, the tertiles of intake among the cohort's reference members on the
--     instrument: band 1 is intake ≤ the 1/3 quantile, band 2 up to the 2/3 quantile, band 3
--     above it; intake_low < intake ≤ intake_high bounds the band (null at the open ends).
--   n: the reference members scored at that session in that band; p10, p50, p90 the 10th,
--     50th and 90th percentiles of their change, quantile_cont: R's quantile(type = 7), linear
--     interpolation between order statistics, (n − 1)·p + 1.
-- A cell rests on however few members it has; readers (the cohort report, check_on) use a
-- cell only with n at or above their minimum (the cohort report's --norm-min, default 30).
with cohorts as (
    select
        cohort,
        min(program) as program,
        min(starts_at) as first_start,
        max(ends_at) as last_end,
        bool_and(held) as finished
    from sessions
    where cohort is not null
    group by cohort
),

totals as (
    select m.cohort, m.participant_id, m.instrument, m.session, m.score
    from cohesion_member as m
    join instruments as i using (instrument)
    where i.is_outcome and m.scale = 'total'
        and m.cohort is not null and m.participant_id is not null and m.session is not null and m.score is not null
),

intakes as (
    select cohort, participant_id, instrument, min(session) as intake_session, arg_min(score, session) as intake
    from totals
    group by cohort, participant_id, instrument
),

changes as (
    select t.cohort, t.participant_id, t.instrument, t.session, t.score - i.intake as change, i.intake
    from totals as t
    join intakes as i using (cohort, participant_id, instrument)
    where t.session > i.intake_session
),

enrolled as (
    select cohort, participant_id from retention
    union
    select cohort, participant_id from totals
),

-- for each cohort, the reference cohorts it may learn from: the program's finished cohorts in
-- the order they ended, and the 24 up to the last that ended before this cohort began
finished as (
    select
        cohort as reference,
        program,
        last_end,
        row_number() over (partition by program order by last_end, cohort) as seq
    from cohorts
    where finished
),

last_finished as (
    select c.cohort, c.program, max(f.seq) as last_seq
    from cohorts as c
    join finished as f on f.program = c.program and f.last_end < c.first_start
    group by c.cohort, c.program
),

references_ as (
    select l.cohort, l.program, f.reference
    from last_finished as l
    join finished as f on f.program = l.program and f.seq between l.last_seq - 23 and l.last_seq
),

reference_intakes as (
    select f.cohort, f.program, i.instrument, i.reference_member, i.intake
    from references_ as f
    join (select cohort as reference, participant_id as reference_member, instrument, intake from intakes) as i
        using (reference)
    anti join enrolled as e on e.cohort = f.cohort and e.participant_id = i.reference_member
),

-- Both tertiles from one aggregate, which sorts the intakes once.
bands as (
    select cohort, instrument, q[1] as q1, q[2] as q2
    from (
        select cohort, instrument, quantile_cont(intake, [1 / 3, 2 / 3]) as q
        from reference_intakes
        group by cohort, instrument
    )
),

reference_changes as (
    select
        f.cohort,
        f.program,
        ch.instrument,
        ch.session,
        ch.change,
        case when ch.intake <= b.q1 then 1 when ch.intake <= b.q2 then 2 else 3 end as intake_band,
        b.q1,
        b.q2
    from references_ as f
    join changes as ch on ch.cohort = f.reference
    join bands as b on b.cohort = f.cohort and b.instrument = ch.instrument
    anti join enrolled as e on e.cohort = f.cohort and e.participant_id = ch.participant_id
),

-- The three percentiles from one aggregate, which sorts a cell's changes once.
cells as (
    select
        cohort,
        program,
        instrument,
        intake_band,
        case intake_band when 1 then null when 2 then min(q1) else min(q2) end as intake_low,
        case intake_band when 1 then min(q1) when 2 then min(q2) else null end as intake_high,
        session,
        count(*) as n,
        quantile_cont(change, [0.1, 0.5, 0.9]) as percentiles
    from reference_changes
    group by cohort, program, instrument, intake_band, session
),

final as (
    select
        * exclude (percentiles),
        percentiles[1] as p10,
        percentiles[2] as p50,
        percentiles[3] as p90
    from cells
)

select
    cohort::varchar as cohort,
    program::varchar as program,
    instrument::varchar as instrument,
    intake_band::integer as intake_band,
    intake_low::double as intake_low,
    intake_high::double as intake_high,
    session::integer as session,
    n::integer as n,
    p10::double as p10,
    p50::double as p50,
    p90::double as p90
from final
order by cohort, instrument, intake_band, session
