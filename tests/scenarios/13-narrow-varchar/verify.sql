SELECT name FROM item
