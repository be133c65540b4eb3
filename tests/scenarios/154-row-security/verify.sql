SELECT id, owner FROM account ORDER BY id
