SELECT 'volt', id, name FROM volt UNION ALL SELECT 'down', id, name FROM down UNION ALL SELECT 'ticket', id, name FROM ticket UNION ALL SELECT 'gain', id, name FROM gain ORDER BY 1, 2
