-- mig:revision 0001_20260101000000_b
-- mig:up
SELECT 1;
