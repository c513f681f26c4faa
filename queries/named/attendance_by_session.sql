-- attendance_by_session: attendance rate per held session of a program, cohort by cohort
-- param program: program name, e.g. intro
-- Attended counts present, late and left_early; the rate is attended / enrolled members.
-- starts_local is the session's start in the cohort's own zone (timezone).
with held as (
    select cohort, session, starts_local, timezone
    from sessions
    where held and program = $program
),

counts as (
    select
        cohort,
        session,
        count(*) as enrolled,
        count(*) filter (where status <> 'absent') as attended,
        count(*) filter (where status = 'late') as late,
        count(*) filter (where status = 'left_early') as left_early,
        count(*) filter (where status = 'absent') as absent,
        median(minutes_present) filter (where status <> 'absent') as median_minutes_present
    from attendance
    where program = $program
    group by cohort, session
),

final as (
    select
        h.cohort,
        h.session,
        h.starts_local,
        h.timezone,
        c.enrolled,
        c.attended,
        c.late,
        c.left_early,
        c.absent,
        round(c.attended / c.enrolled, 3) as attendance_rate,
        c.median_minutes_present
    from held as h
    join counts as c using (cohort, session)
)

select * from final
order by cohort, session
