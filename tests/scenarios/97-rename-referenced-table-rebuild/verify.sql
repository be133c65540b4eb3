SELECT p.id, o.id, o.note, p.amount FROM payment p JOIN purchase o ON o.id = p.order_id ORDER BY p.id
