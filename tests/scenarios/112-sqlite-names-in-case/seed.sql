INSERT INTO "Users" (id, email) VALUES (1, 'ada@x.org'), (2, NULL);
INSERT INTO tag (id, label) VALUES (7, 'red');
