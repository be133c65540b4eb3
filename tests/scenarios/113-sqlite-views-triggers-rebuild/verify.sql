SELECT n.id, n.name, u.name FROM item_names n JOIN item_names_upper u ON u.id = n.id ORDER BY n.id
