SELECT (SELECT touched FROM note WHERE id = 1), (SELECT count(*) FROM wordy_notes), (SELECT count(*) FROM brief_notes)
