SELECT count(*) FROM note
