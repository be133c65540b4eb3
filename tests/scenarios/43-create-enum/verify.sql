SELECT state FROM item
