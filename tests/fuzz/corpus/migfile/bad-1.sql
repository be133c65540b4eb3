-- mig:revision 0001_20260101000000_a
-- mig:transaction maybe
-- mig:up
SELECT 1;
