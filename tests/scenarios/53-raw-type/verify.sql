SELECT search FROM item
