SELECT id, email, age FROM account
