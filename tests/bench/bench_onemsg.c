/*
 * bench-onemsg: the floor of `mig-apply --single-transaction` in bench-apply:
 * a file's whole text (BEGIN; ... COMMIT;) sent to PostgreSQL as ONE query
 * message (PQexec), as the least any client can do for the same SQL.
 *
 * Usage: bench-onemsg URL FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *text;
	long len;
	PGconn *conn;
	PGresult *res;
	int ok;

	if (argc != 3) {
		fprintf(stderr, "usage: bench-onemsg URL FILE\n");
		return 2;
	}
	f = fopen(argv[2], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(argv[2]);
		return 1;
	}
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
		perror(argv[2]);
		return 1;
	}
	text[len] = '\0';
	fclose(f);
	conn = PQconnectdb(argv[1]);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "bench-onemsg: %s", PQerrorMessage(conn));
		return 1;
	}
	res = PQexec(conn, text);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "bench-onemsg: %s", PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	free(text);
	return ok ? 0 : 1;
}
