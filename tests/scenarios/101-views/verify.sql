SELECT (SELECT count(*) FROM orders), (SELECT total FROM open_total)
