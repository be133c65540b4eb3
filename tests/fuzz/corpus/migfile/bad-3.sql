-- mig:revision 0002_20260101000001_b
-- mig:parents 0001_20260101000000_a
-- mig:up
SELECT 1;
