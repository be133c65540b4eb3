SELECT dflt_value FROM pragma_table_info('item') WHERE name = 'mood'
