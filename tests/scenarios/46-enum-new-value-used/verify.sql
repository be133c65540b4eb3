SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef
