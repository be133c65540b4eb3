SELECT name FROM product
