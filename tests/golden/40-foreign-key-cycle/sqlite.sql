-- mig:revision 0001_20260101000001_after
-- mig:parents
-- mig:message after
-- mig:transaction on
-- mig:state h1:kCQEW/noiEABA/VTbAZfV1XpnmzeFTXiapy7vhI7f3k=
-- mig:up
CREATE TABLE author (
    id integer NOT NULL,
    best_book_id integer,
    CONSTRAINT author_pkey PRIMARY KEY (id),
    CONSTRAINT author_best_book_id_fkey FOREIGN KEY (best_book_id) REFERENCES book (id)
);

CREATE TABLE book (
    id integer NOT NULL,
    author_id integer NOT NULL,
    CONSTRAINT book_pkey PRIMARY KEY (id),
    CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id)
);

-- mig:down
-- destructive: drops table book and its rows
DROP TABLE book;
-- destructive: drops table author and its rows
DROP TABLE author;
