INSERT INTO event (id, starts_at, ends_at) VALUES (1, '2026-01-01 10:00:00+00', '2026-01-02 10:00:00+00');
