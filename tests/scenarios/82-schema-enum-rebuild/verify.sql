SELECT s, ss FROM app.t
