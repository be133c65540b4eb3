SELECT data_type FROM pg_sequences
