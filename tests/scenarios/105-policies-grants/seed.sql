DO $$ BEGIN CREATE ROLE mig_scenario_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE mig_scenario_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
INSERT INTO note VALUES (1, 'ada', 'hello');
