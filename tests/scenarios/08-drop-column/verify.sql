SELECT id, name FROM item
