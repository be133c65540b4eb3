SELECT email FROM item
