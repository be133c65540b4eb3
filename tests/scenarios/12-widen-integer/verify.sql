SELECT hits + 1 FROM counter
