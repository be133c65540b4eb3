SELECT (SELECT name FROM account), (SELECT body FROM note_bodies)
