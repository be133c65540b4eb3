-- mig:revision 0001_20260101000000_before
-- mig:parents
-- mig:message before
-- mig:transaction on
-- mig:state h1:T/0pXyUAJS3Mm0skNlOxXZ9oE6tsrYfcqeF6O3ec2dQ=
-- mig:up
CREATE TABLE note (
    id bigint,
    owner text NOT NULL,
    body text,
    CONSTRAINT note_pkey PRIMARY KEY (id)
);

CREATE POLICY note_owner ON note FOR SELECT USING (owner = current_user);
-- mig:down
DROP POLICY note_owner ON note;
-- destructive: drops table note and its rows
DROP TABLE note;
-- mig:revision 0002_20260101000001_after
-- mig:parents 0001_20260101000000_before
-- mig:message after
-- mig:transaction on
-- mig:state h1:GtV4+LfoVgOsKiPlQ+lvB7iFDcsbQO6DFapkT7gQ3No=
-- mig:up
DROP POLICY note_owner ON note;
CREATE POLICY note_owner ON note FOR ALL TO mig_scenario_reader USING (owner = current_user) WITH CHECK (owner = current_user);
COMMENT ON POLICY note_owner ON note IS 'own notes only';
CREATE POLICY note_no_empty ON note AS RESTRICTIVE FOR INSERT WITH CHECK (body IS NOT NULL);
GRANT SELECT, INSERT, UPDATE (body) ON TABLE note TO mig_scenario_reader;
GRANT SELECT (id) ON TABLE note TO PUBLIC;
GRANT SELECT ON TABLE note TO mig_scenario_writer;
GRANT UPDATE ON TABLE note TO mig_scenario_writer WITH GRANT OPTION;
-- mig:down
REVOKE SELECT, UPDATE ON TABLE note FROM mig_scenario_writer;
REVOKE SELECT (id) ON TABLE note FROM PUBLIC;
REVOKE SELECT, INSERT, UPDATE (body) ON TABLE note FROM mig_scenario_reader;
DROP POLICY note_no_empty ON note;
COMMENT ON POLICY note_owner ON note IS NULL;
DROP POLICY note_owner ON note;
CREATE POLICY note_owner ON note FOR SELECT USING (owner = current_user);
