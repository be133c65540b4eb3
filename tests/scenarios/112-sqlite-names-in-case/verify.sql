SELECT u.id, coalesce(u."Email", '-'), coalesce(t."Label", '-') FROM users u LEFT JOIN tag t ON t.id = u.id + 6 ORDER BY u.id
