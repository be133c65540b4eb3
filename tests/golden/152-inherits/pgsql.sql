-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:MLP9Ibx08k1KhTFTuVNhAb4JXlb/XSpM3ENW5XlFpV0=
-- mig:up
CREATE TABLE vehicle (
    id integer NOT NULL,
    name text NOT NULL,
    CONSTRAINT vehicle_name CHECK (name <> '')
);

CREATE TABLE car (
    doors integer,
    CONSTRAINT car_pkey PRIMARY KEY (id)
) INHERITS (vehicle);

-- mig:down
-- destructive: drops table car and its rows
DROP TABLE car;
-- destructive: drops table vehicle and its rows
DROP TABLE vehicle;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:yRgSwdKSgGGw8DfJhjn0FJuLQRki5hrC5sPM+gGdZfw=
-- mig:up
ALTER TABLE car ADD COLUMN seats integer DEFAULT 5;
CREATE INDEX car_name_idx ON car (name);
CREATE TABLE boat (
    id integer NOT NULL,
    draft numeric(4,2)
);

CREATE TABLE amphibian (
    wheels_up boolean
) INHERITS (car, boat);

-- mig:down
-- destructive: drops table amphibian and its rows
DROP TABLE amphibian;
-- destructive: drops table boat and its rows
DROP TABLE boat;
DROP INDEX car_name_idx;
-- destructive: drops column car.seats and its data
ALTER TABLE car DROP COLUMN seats;
