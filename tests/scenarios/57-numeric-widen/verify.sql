SELECT price FROM item
