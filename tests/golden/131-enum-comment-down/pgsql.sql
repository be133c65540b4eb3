-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:AZa8+FmBwKFQlOkvti8/x9JHlPqHyK4+teveJxVjoQw=
-- mig:up
CREATE TYPE mood AS ENUM ('ok', 'sad');
COMMENT ON TYPE mood IS 'how it feels';
CREATE TYPE color AS ENUM ('red', 'blue');
COMMENT ON TYPE color IS 'the paint';
CREATE TABLE item (
    id bigint,
    color color,
    CONSTRAINT item_pkey PRIMARY KEY (id)
);

-- mig:down
-- destructive: drops table item and its rows
DROP TABLE item;
DROP TYPE color;
DROP TYPE mood;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:hGwrf+uaSqE4YPpg7/SEt2WPoBsaUnljqRFWru9XAys=
-- mig:up
CREATE TYPE colour AS ENUM ('red', 'blue');
COMMENT ON TYPE colour IS 'the paint';
-- destructive: narrows column item.color (values that do not fit make it fail)
ALTER TABLE item ALTER COLUMN color TYPE colour USING color::text::colour;
DROP TYPE mood;
DROP TYPE color;
-- mig:down
CREATE TYPE color AS ENUM ('red', 'blue');
COMMENT ON TYPE color IS 'the paint';
CREATE TYPE mood AS ENUM ('ok', 'sad');
COMMENT ON TYPE mood IS 'how it feels';
ALTER TABLE item ALTER COLUMN color TYPE color USING color::text::color;
DROP TYPE colour;
