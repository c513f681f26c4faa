-- continuation: of the members who completed a cohort of one program, how many went on to
-- start (attend at least one session of) a cohort of another program whose first session
-- began after the completed cohort's last session ended: the same person across cohorts is
-- the same participant_id (same email). Counts are of distinct members; a member completing
-- the from-program twice counts once. median_days_between is over continuing members, from
-- the end of the latest completed cohort before their next one to their first attended
-- session of that next one, in whole days (rounded, so 18:00 two weeks after a 19:30 end is
-- 14). Every ordered pair of scheduled programs has a row; rate is null with no completers.
-- Recent completers are in the denominator even if they have had no time to continue yet.
with cohort_spans as (
    select cohort, min(starts_at) as first_starts_at, max(ends_at) as last_ends_at
    from sessions
    group by cohort
),

completions as (
    select r.participant_id, r.program, c.last_ends_at as ended_at
    from retention as r
    join cohort_spans as c using (cohort)
    where r.outcome = 'completed'
),

starts as (
    select
        a.participant_id,
        a.program,
        a.cohort,
        any_value(c.first_starts_at) as cohort_starts_at,
        min(s.starts_at) as first_attended_at
    from attendance as a
    join sessions as s using (cohort, session)
    join cohort_spans as c using (cohort)
    where a.status <> 'absent'
    group by a.participant_id, a.program, a.cohort
),

follow_ons as (
    select
        c.participant_id,
        c.program as from_program,
        s.program as to_program,
        s.first_attended_at,
        max(c.ended_at) as ended_at
    from completions as c
    join starts as s
        on s.participant_id = c.participant_id
        and s.program <> c.program
        and s.cohort_starts_at > c.ended_at
    group by c.participant_id, c.program, s.program, s.cohort, s.first_attended_at
),

first_follow_ons as (
    select
        participant_id,
        from_program,
        to_program,
        round((epoch(first_attended_at) - epoch(ended_at)) / 86400) as days_between
    from follow_ons
    qualify row_number() over (
        partition by participant_id, from_program, to_program
        order by first_attended_at
    ) = 1
),

programs as (
    select distinct program
    from sessions
),

completers as (
    select program as from_program, count(distinct participant_id) as n_completed
    from completions
    group by program
),

continued as (
    select
        from_program,
        to_program,
        count(*) as n_continued,
        median(days_between) as median_days_between
    from first_follow_ons
    group by from_program, to_program
),

final as (
    select
        f.program as from_program,
        t.program as to_program,
        coalesce(c.n_completed, 0)::integer as n_completed,
        coalesce(n.n_continued, 0)::integer as n_continued,
        coalesce(n.n_continued, 0) / nullif(c.n_completed, 0)::double as rate,
        n.median_days_between::double as median_days_between
    from programs as f
    cross join programs as t
    left join completers as c on c.from_program = f.program
    left join continued as n on n.from_program = f.program and n.to_program = t.program
    where f.program <> t.program
)

select * from final
order by from_program, to_program
