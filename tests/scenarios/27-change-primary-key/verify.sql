SELECT count(*) FROM pair
