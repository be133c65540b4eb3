SELECT id FROM event WHERE starts_at < ends_at
