-- written by hand
-- mig:up
SELECT 1;
