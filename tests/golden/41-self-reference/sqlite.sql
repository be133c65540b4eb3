-- mig:revision 0001_20260101000001_after
-- mig:parents
-- mig:message after
-- mig:transaction on
-- mig:state h1:ImhshIerTfLCKZSFtqaJjFM/v9K8HeAMIwHRJMNAoPE=
-- mig:up
CREATE TABLE node (
    id integer NOT NULL,
    parent_id integer,
    CONSTRAINT node_pkey PRIMARY KEY (id),
    CONSTRAINT node_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE CASCADE
);

-- mig:down
-- destructive: drops table node and its rows
DROP TABLE node;
