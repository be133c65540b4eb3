SELECT id, qty FROM item
