SELECT name || ':' || type FROM pragma_table_xinfo('account') UNION ALL SELECT 'indexes:' || count(*) FROM pragma_index_list('account') UNION ALL SELECT id || ':' || typeof(payload) FROM account
