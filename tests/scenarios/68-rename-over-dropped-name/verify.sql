SELECT email FROM t
