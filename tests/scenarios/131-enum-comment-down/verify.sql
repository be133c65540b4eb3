SELECT id, color FROM item
