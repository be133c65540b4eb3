-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:T/0pXyUAJS3Mm0skNlOxXZ9oE6tsrYfcqeF6O3ec2dQ=
-- mig:up
CREATE TABLE note (
    id bigint NOT NULL,
    owner text NOT NULL,
    body text,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

-- SQLite: policy note_owner on note is left out (SQLite has no policy)
-- mig:down
-- SQLite: policy note_owner on note is left out (SQLite has no policy)
-- destructive: drops table note and its rows
DROP TABLE note;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:GtV4+LfoVgOsKiPlQ+lvB7iFDcsbQO6DFapkT7gQ3No=
-- mig:up
-- SQLite: policy note_owner on note is left out (SQLite has no policy)
-- SQLite: policy note_owner on note is left out (SQLite has no policy)
-- SQLite: policy note_no_empty on note is left out (SQLite has no policy)
-- SQLite: grant mig_scenario_reader on TABLE note is left out (SQLite has no grant)
-- SQLite: grant PUBLIC on TABLE note is left out (SQLite has no grant)
-- SQLite: grant mig_scenario_writer on TABLE note is left out (SQLite has no grant)
-- mig:down
-- SQLite: grant mig_scenario_writer on TABLE note is left out (SQLite has no grant)
-- SQLite: grant PUBLIC on TABLE note is left out (SQLite has no grant)
-- SQLite: grant mig_scenario_reader on TABLE note is left out (SQLite has no grant)
-- SQLite: policy note_no_empty on note is left out (SQLite has no policy)
-- SQLite: policy note_owner on note is left out (SQLite has no policy)
-- SQLite: policy note_owner on note is left out (SQLite has no policy)
