SELECT qty + 1 FROM item
