-- expected_response: the practice's own expected response on each outcome measure, for each
-- cohort, from the members of the same program's earlier finished cohorts: percentiles of the
-- change from intake at each session, within bands of intake score.
-- One row per cohort (whose expectation it is), instrument, intake band and session:
--   earlier: a reference cohort is of the same program, finished (every planned session held)
--     and its last session ended before this cohort's first began; of those, the 24 that ended
--     last (int_expected_references). Anyone enrolled in this
--     cohort is left out of its reference members, so a member never counts toward their own
--     expectation (not even from an earlier stint in the same program).
--   intake: a reference member's total at their first scored session of their cohort; change
--     at a later session is that session's total − intake (sessions after the intake only;
--     outcome_trajectory).
--   intake_band: 1, 2 or 3, the tertiles of intake among the cohort's reference members on the
--     instrument: band 1 is intake ≤ the 1/3 quantile, band 2 up to the 2/3 quantile, band 3
--     above it; intake_low < intake ≤ intake_high bounds the band (null at the open ends).
--   n: the reference members scored at that session in that band; p10, p50, p90 the 10th,
--     50th and 90th percentiles of their change, quantile_cont: R's quantile(type = 7), linear
--     interpolation between order statistics, (n − 1)·p + 1.
-- A cell rests on however few members it has; readers (the cohort report, check_on) use a
-- cell only with n at or above their minimum (the cohort report's --norm-min, default 30).
-- A cohort's rows read its reference cohorts' rows: a run rebuilds them for the cohorts it
-- rebuilds and for those whose references name one, or changed.
-- partition: cohort
-- references: int_expected_references
-- Each reference member's rows on the cohort's behalf: their intake and their later sessions'
-- changes. A member enrolled in the cohort (on its retention, or scored in it) is left out.
with reference_rows as (
    select f.cohort, f.program, t.instrument, t.participant_id, t.session, t.intake_session, t.intake, t.change
    from int_expected_references as f
    join outcome_trajectory as t on t.cohort = f.reference
    anti join retention as e on e.cohort = f.cohort and e.participant_id = t.participant_id
    anti join outcome_trajectory as s on s.cohort = f.cohort and s.participant_id = t.participant_id
),

-- Both tertiles of the intakes (one row per member: their intake session's) over the cohort's
-- reference members, beside every row: one window, so that building one cohort's rows reads
-- its references' rows only.
banded as (
    select
        *,
        quantile_cont(case when session = intake_session then intake end, [1 / 3, 2 / 3])
            over (partition by cohort, instrument) as q
    from reference_rows
),

reference_changes as (
    select
        cohort,
        program,
        instrument,
        session,
        change,
        case when intake <= q[1] then 1 when intake <= q[2] then 2 else 3 end as intake_band,
        q[1] as q1,
        q[2] as q2
    from banded
    where session > intake_session
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
