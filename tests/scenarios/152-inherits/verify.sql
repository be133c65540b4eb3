SELECT tableoid::regclass, id, name FROM vehicle ORDER BY id
