SELECT tableoid::regclass, id, region FROM orders ORDER BY id
