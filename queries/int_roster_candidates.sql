-- int_roster_candidates: everyone any loaded roster file lists, one row per cohort and person,
-- whether their file is the version in force (`listed`) or an older version a new one replaced.
-- Exports are matched against all of them, so that a member a newer roster omits is still
-- recognised in the sessions she attended (stg_roster keeps her if she did). Their details come
-- from the files in force when any lists them, else from the older versions; two files in force
-- never disagree on from_session or role (load refuses the later), and names and aliases from
-- all of them count.
-- materialized: ephemeral
with rows as (
    select r.*, f.replaced_by is null as in_force
    from raw_roster as r
    join raw_files as f using (file_id)
),

chosen as (
    select *
    from rows
    qualify in_force = max(in_force) over (partition by cohort, participant_id)
),

final as (
    select
        cohort,
        participant_id,
        bool_or(in_force) as listed,
        min(name) as name,
        min(email) as email,
        nullif(array_to_string(list_sort(list_distinct(flatten(list(string_split(coalesce(aliases, ''), ';'))))), ';'), '') as aliases,
        list_sort(list_distinct(flatten(list(name_keys)))) as name_keys,
        min(coalesce(from_session, 1)) as from_session,
        min(coalesce(role, 'member')) as role,
        min(line) as roster_line
    from chosen
    group by cohort, participant_id
)

select * from final
