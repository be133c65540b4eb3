INSERT INTO users_v2 VALUES (7, 'v2');
