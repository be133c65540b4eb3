-- mig:revision 0001_20260101000000_a
-- mig:up
SELECT 1;
-- mig:up
SELECT 2;
