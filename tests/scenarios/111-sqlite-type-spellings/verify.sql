SELECT id, email, payload FROM account ORDER BY id
