-- cohort_members: each cohort's members numbered in roster order (member_no 1, 2, ...), the
-- first session they are enrolled for beside it. The cohort report without names calls them
-- "Member 1" ... "Member N": stable from run to run while the roster keeps its order, and no
-- name in sight; participant_id stays the research key.
with final as (
    select
        cohort,
        participant_id,
        row_number() over (partition by cohort order by roster_line, participant_id)::integer as member_no,
        from_session
    from stg_roster
)

select * from final
order by cohort, member_no
