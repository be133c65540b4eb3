SELECT (SELECT string_agg(key, ',' ORDER BY key) FROM cache_entry), (SELECT id FROM job)
