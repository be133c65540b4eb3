INSERT INTO "Item" VALUES (1, 'a'), (2, NULL);
