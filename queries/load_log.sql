-- load_log: every file loaded, with its checksum, format and row counts.
with final as (
    select file, sha256, format, rows, rejected, loaded_at
    from raw_files
    order by file_id
)

select * from final
