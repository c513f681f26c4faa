-- members_attendance: each member of a cohort, by participant_id, with the sessions they attended and their outcome
-- param cohort: cohort name, e.g. spring-a
-- Members are pseudonymous; `cohesion report cohort COHORT --names` is the facilitator's named view.
with per_member as (
    select
        participant_id,
        count(*) as sessions_held,
        count(*) filter (where status <> 'absent') as attended,
        count(*) filter (where status = 'late') as late,
        count(*) filter (where status = 'left_early') as left_early,
        count(*) filter (where status = 'absent') as absent,
        sum(minutes_present) as minutes_present
    from attendance
    where cohort = $cohort
    group by participant_id
),

final as (
    select
        r.participant_id,
        r.sessions_planned,
        coalesce(m.sessions_held, 0) as sessions_held,
        coalesce(m.attended, 0) as attended,
        coalesce(m.late, 0) as late,
        coalesce(m.left_early, 0) as left_early,
        coalesce(m.absent, 0) as absent,
        coalesce(m.minutes_present, 0) as minutes_present,
        r.last_attended,
        r.outcome,
        r.dropout_after
    from retention as r
    left join per_member as m using (participant_id)
    where r.cohort = $cohort
)

select * from final
order by participant_id
