DO $$ BEGIN CREATE ROLE mig_scenario_owner_a; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE mig_scenario_owner_b; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
