-- check_on: the members a facilitator may want to contact, one row per member and reason, with
-- the reason in words (detail) as the cohort report shows it. The cohort report only renders
-- this mart; the rules live here. session is the session the reason is about. Reasons:
--   missed_last_session: absent at the cohort's last session held (session); the detail adds
--     the run of consecutive absences back from it when longer than one. A session with no
--     attendance row for the member ends the run, as it is not an absence.
--   engagement_fell: their latest GCQ-S engagement score (0-6) at least 1 point below their own
--     first one, at a later session (session: the latest).
--   engagement_below_group: their latest engagement score at least one standard deviation
--     (stddev_samp) below the mean of the members scored at that session (session: the
--     latest); not when one member was scored or all scored alike (sd null or 0).
--   reliable_deterioration: outcome_change says 'deteriorated' (session: the member's latest
--     scored session on that measure in cohesion_member, null when it is not there).
--   session_rating_low: the member's latest session rating (the total of an instrument with an
--     instruments.alert_below, the GSRS) is under alert_below (session: that rating's).
--   session_rating_fell: that latest rating is alert_drop or more below their own previous
--     rating of the same instrument (session: the latest; the previous is the member's latest
--     rated session before it, whatever lies between).
--   not_on_track: at the member's latest scored session on an outcome measure after their
--     intake (their first scored session), their change from intake is below the p10 of
--     expected_response's cell for their cohort, instrument, intake band and that session where
--     higher is better (ORS), above its p90 where lower is better (CORE-10, PHQ-9, GAD-7); only
--     cells with n at least getvariable('norm_min'), 30 when unset, earlier members.
-- Scores are means of items, so a difference computed from them can miss a round threshold by
-- floating-point error; 1e-9 absorbs that, so that a fall of exactly one point counts.
-- Numbers in detail are rounded half away from zero, as the report rounds (round(x, 1) + 0.0
-- turns -0.0 into 0.0).
-- Stored by cohort: a run rebuilds the changed cohorts' rows, and those of the cohorts whose
-- expected_response it rebuilt as their references changed.
-- partition: cohort
with held as (
    select
        cohort,
        session,
        row_number() over (partition by cohort order by session desc) as back,
        count(*) over (partition by cohort) as n_held
    from sessions
    where held and cohort is not null and session is not null
),

last_absent as (
    select a.cohort, h.session, a.participant_id, h.n_held
    from attendance as a
    join held as h on h.cohort = a.cohort and h.session = a.session and h.back = 1
    where a.status = 'absent' and a.participant_id is not null
),

-- the first held session, counting back from the last, at which the member was not absent
streaks as (
    select
        l.cohort,
        l.session,
        l.participant_id,
        coalesce(min(h.back) filter (where a.status is distinct from 'absent') - 1, l.n_held) as streak
    from last_absent as l
    join held as h on h.cohort = l.cohort
    left join attendance as a
        on a.cohort = h.cohort and a.session = h.session and a.participant_id = l.participant_id
    group by l.cohort, l.session, l.participant_id, l.n_held
),

missed as (
    select
        cohort,
        session,
        participant_id,
        'missed_last_session' as reason,
        printf('missed session %d, the last session held', session)
        || case when streak > 1 then printf(', and has been absent %d sessions in a row', streak) else '' end
            as detail
    from streaks
),

engagement_scores as (
    select cohort, participant_id, session, score
    from cohesion_member
    where instrument = 'gcqs' and scale = 'engagement'
        and cohort is not null and participant_id is not null and session is not null and score is not null
),

-- The mean and sd from exact sums of the scores in units of 1e-12 (a score moves by at most
-- 5e-13), not avg() and stddev_samp(), whose parallel partial sums of doubles meet in whatever
-- order the threads finish: a mean of exactly 4.95 is written 5.0 every run, not 4.9 in some.
engagement_groups as (
    select
        cohort,
        session,
        sum(units)::double / count(*) / 1e12 as mean,
        sqrt((count(*) * sum(units * units) - sum(units) * sum(units))::double
            / nullif(count(*) * (count(*) - 1), 0)) / 1e12 as sd
    from (select *, round(score * 1e12)::hugeint as units from engagement_scores)
    group by cohort, session
),

engagement_members as (
    select
        cohort,
        participant_id,
        min(session) as first_session,
        arg_min(score, session) as first_score,
        max(session) as latest_session,
        arg_max(score, session) as latest_score
    from engagement_scores
    group by cohort, participant_id
),

engagement as (
    select m.*, g.mean as group_mean, g.sd as group_sd
    from engagement_members as m
    join engagement_groups as g on g.cohort = m.cohort and g.session = m.latest_session
),

engagement_fell as (
    select
        cohort,
        latest_session as session,
        participant_id,
        'engagement_fell' as reason,
        printf('GCQ-S engagement fell from %.1f at session %d to %.1f at session %d',
            round(first_score, 1) + 0.0, first_session, round(latest_score, 1) + 0.0, latest_session) as detail
    from engagement
    where latest_session > first_session and first_score - latest_score >= 1.0 - 1e-9
),

engagement_below as (
    select
        cohort,
        latest_session as session,
        participant_id,
        'engagement_below_group' as reason,
        printf('GCQ-S engagement of %.1f at session %d was %.1f sd below the group mean of %.1f',
            round(latest_score, 1) + 0.0, latest_session, round((group_mean - latest_score) / group_sd, 1) + 0.0,
            round(group_mean, 1) + 0.0) as detail
    from engagement
    where group_sd > 0 and group_mean - latest_score >= group_sd - 1e-9
),

outcome_scored as (
    select cohort, participant_id, instrument, max(session) as session
    from cohesion_member
    where scale = 'total'
    group by cohort, participant_id, instrument
),

-- totals to one decimal place at most, as the report writes them: 14, 22.5
outcome_rounded as (
    select *, round(baseline, 1) + 0.0 as baseline_1, round(final, 1) + 0.0 as final_1
    from outcome_change
),

deteriorated as (
    select
        o.cohort,
        s.session,
        o.participant_id,
        'reliable_deterioration' as reason,
        'reliable deterioration on ' || coalesce(nullif(trim(i.title), ''), o.instrument)
        || case
            when o.baseline is not null and o.final is not null
                then ', from ' || case when o.baseline_1 = trunc(o.baseline_1)
                    then printf('%d', o.baseline_1::bigint) else printf('%.1f', o.baseline_1) end
                || ' to ' || case when o.final_1 = trunc(o.final_1)
                    then printf('%d', o.final_1::bigint) else printf('%.1f', o.final_1) end
            else ''
        end
        || case when o.rci is not null then printf(' (RCI %.2f)', round(o.rci, 2) + 0.0) else '' end as detail
    from outcome_rounded as o
    left join instruments as i on i.instrument = o.instrument
    left join outcome_scored as s
        on s.cohort = o.cohort and s.participant_id = o.participant_id and s.instrument = o.instrument
    where o.reliable_change = 'deteriorated'
        and o.cohort is not null and o.participant_id is not null and o.instrument is not null
),

-- every member's totals, each with the member's first (intake) and previous one on the same
-- instrument, and latest at their latest (no later one: one window, where counting back from the
-- latest with row_number() sorted every member's totals a second time, the other way round)
totals as (
    select
        m.cohort,
        m.participant_id,
        m.instrument,
        m.session,
        m.score,
        first_value(m.score) over w as intake,
        first_value(m.session) over w as intake_session,
        lag(m.score) over w as previous_score,
        lag(m.session) over w as previous_session,
        lead(m.session) over w is null as latest,
        coalesce(nullif(trim(i.title), ''), i.instrument) as title,
        i.is_outcome,
        i.higher_is_better,
        i.alert_below,
        i.alert_drop,
        i.score_max
    from cohesion_member as m
    join instruments as i on i.instrument = m.instrument
    where m.scale = 'total'
        and m.cohort is not null and m.participant_id is not null and m.session is not null and m.score is not null
    window w as (partition by m.cohort, m.participant_id, m.instrument order by m.session)
),

latest_ratings as (
    select
        *,
        case when round(score, 1) = trunc(round(score, 1)) then printf('%d', round(score, 1)::bigint)
            else printf('%.1f', round(score, 1)) end as score_text,
        case when round(previous_score, 1) = trunc(round(previous_score, 1)) then printf('%d', round(previous_score, 1)::bigint)
            else printf('%.1f', round(previous_score, 1)) end as previous_text
    from totals
    where latest and alert_below is not null
),

rating_low as (
    select
        cohort,
        session,
        participant_id,
        'session_rating_low' as reason,
        printf('%s rating of %s at session %d, under the alert threshold of %s',
            title, score_text, session, printf('%g', alert_below))
        || coalesce(printf(' (of %g)', score_max), '') as detail
    from latest_ratings
    where score < alert_below - 1e-9
),

rating_fell as (
    select
        cohort,
        session,
        participant_id,
        'session_rating_fell' as reason,
        printf('%s rating fell from %s at session %d to %s at session %d, by %g (the alert is at %g or more)',
            title, previous_text, previous_session, score_text, session, round(previous_score - score, 1) + 0.0,
            alert_drop) as detail
    from latest_ratings
    where alert_drop is not null and previous_score - score >= alert_drop - 1e-9
),

off_track as (
    select
        o.*,
        o.score - o.intake as change,
        case when o.higher_is_better then e.p10 else e.p90 end as bound,
        e.n,
        e.intake_band
    from totals as o
    join expected_response as e
        on e.cohort = o.cohort and e.instrument = o.instrument and e.session = o.session
        and (e.intake_low is null or o.intake > e.intake_low)
        and (e.intake_high is null or o.intake <= e.intake_high)
    where o.is_outcome and o.latest and o.session > o.intake_session
        and e.n >= coalesce(getvariable('norm_min'), 30)
        and case when o.higher_is_better then o.score - o.intake < e.p10 - 1e-9 else o.score - o.intake > e.p90 + 1e-9 end
),

not_on_track as (
    select
        cohort,
        session,
        participant_id,
        'not_on_track' as reason,
        printf('%s changed by %s from an intake of %s by session %d, %s the expected %s of %s among %d earlier members with an intake like theirs',
            title,
            case when round(change, 1) = trunc(round(change, 1)) then printf('%+d', round(change, 1)::bigint)
                else printf('%+.1f', round(change, 1)) end,
            case when round(intake, 1) = trunc(round(intake, 1)) then printf('%d', round(intake, 1)::bigint)
                else printf('%.1f', round(intake, 1)) end,
            session,
            case when higher_is_better then 'below' else 'above' end,
            case when higher_is_better then '10th percentile' else '90th percentile' end,
            printf('%+.1f', round(bound, 1) + 0.0),
            n) as detail
    from off_track
),

final as (
    select * from missed
    union all
    select * from engagement_fell
    union all
    select * from engagement_below
    union all
    select * from deteriorated
    union all
    select * from rating_low
    union all
    select * from rating_fell
    union all
    select * from not_on_track
)

select
    cohort::varchar as cohort,
    session::integer as session,
    participant_id::varchar as participant_id,
    reason::varchar as reason,
    detail::varchar as detail
from final
order by cohort, participant_id, reason, session, detail
