-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:/JkWP4oWNHKk050hUapU7pfxipqtt5zxEQpB8AziQys=
-- mig:up
CREATE TABLE ticket (
    id bigint GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT ticket_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table ticket and its rows
DROP TABLE ticket;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:LAwxGMUXT4+u0EuqZkpLhOIF9IJBulQFYeJfJLDX7Rk=
-- mig:up
ALTER TABLE ticket ALTER COLUMN id DROP IDENTITY;
-- mig:down
ALTER TABLE ticket ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('ticket', 'id'), coalesce(max(id), 0) + 1, false) FROM ticket;
