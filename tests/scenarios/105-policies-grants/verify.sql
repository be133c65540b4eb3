SELECT has_column_privilege('mig_scenario_reader', 'note', 'body', 'UPDATE'), has_column_privilege('mig_scenario_reader', 'note', 'owner', 'UPDATE'), count(*) FROM note
