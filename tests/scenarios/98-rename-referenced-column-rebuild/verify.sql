SELECT o.id, c.id, c.nickname FROM orders o JOIN customer c ON c.id = o.customer_id ORDER BY o.id
