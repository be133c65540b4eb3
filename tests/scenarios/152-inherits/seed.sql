INSERT INTO vehicle VALUES (1, 'cart');
INSERT INTO car VALUES (2, 'mini', 3);
