INSERT INTO "My Schema"."Order" VALUES (1, 'a', 'o''k', 5);
INSERT INTO "group" VALUES (1, 1);
