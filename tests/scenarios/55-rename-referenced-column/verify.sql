SELECT owner_id FROM item
