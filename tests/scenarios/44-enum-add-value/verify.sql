SELECT mood FROM item
