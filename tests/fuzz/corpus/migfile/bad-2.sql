-- mig:revision 0001_20260101000000_a
-- mig:parents 0002_20260101000001_b
-- mig:up
SELECT 1;
