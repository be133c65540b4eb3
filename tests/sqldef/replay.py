#!/usr/bin/env python3
"""Replays sqldef's public schema-diff suite through mig, and measures it.

For each case of cmd/psqldef/tests*.yml (PostgreSQL) and
cmd/sqlite3def/tests*.yml (SQLite) of a sqldef checkout (or a bare mirror
of its repository), sqldef's expected DDL ("up", "down") is ignored; only
its two schemas are used:

  A := the case's "current" SQL on a fresh database (empty when absent)
  B := the case's "desired" SQL on another fresh database
  models := mig-inspect of A; mig-gen --name a; mig-apply on a fresh T; T == A
  models := mig-inspect of B; mig-gen --name b; mig-apply;              T == B (up)
  mig-apply --to <rev a>;                                               T == A (down)
  mig-apply;                                                            T == B (up again)

Databases are compared by catalog: PostgreSQL with the server's own pg_dump
--schema-only (comments, SET lines, blank lines and mig's tables left
out), SQLite with the PRAGMAs of every table (table_list, table_xinfo,
index_list + index_xinfo, foreign_key_list), the text of partial and
expression indexes, and the SQL of views and triggers (whitespace
collapsed).

Each case gets one class: pass, input-invalid (the case's own SQL fails on
this server), skipped-version, fail-inspect, fail-gen, fail-apply-up,
fail-up, fail-down-apply, fail-down, fail-up-again (the step is a separate
column: "a" is the first migration, from the empty database to A). A
failure is "named" when mig-inspect or mig-gen said what it left out (a
warning or note line), else "silent".

Writes OUT/results-pg.tsv, OUT/results-sqlite.tsv and OUT/summary.md.
See docs/sqldef.md.
"""

import argparse
import collections
import concurrent.futures
import datetime
import difflib
import fnmatch
import glob
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

try:
    import yaml
except ImportError:
    sys.exit("replay.py: PyYAML is missing (Debian: apt-get install python3-yaml)")

SERVER_VERSION = 15
T1 = "20260101000000"
T2 = "20260101000001"
STEP_TIMEOUT = 180

# The roles sqldef's psqldef_test.go creates before its cases (testRoles),
# used when the test file cannot be read; psqldef_user is the "user:" of
# some cases.
DEFAULT_ROLES = [
    "readonly_user", "app_user", "admin_role", "user-with-dash", "user.with.dot",
    "user with spaces", "CamelCaseUser", "UPPERCASE_USER", "user1", "user2", "user3",
    "user4", "My User", "reader", "writer", "admin", "reader1", "reader2", "writer1",
    "writer2", "role1", "role2", "power_user", "user@domain.com",
]

# A warning or note of mig-inspect or mig-gen: it named something it left
# out (or changed on the way).
NAMED_RE = re.compile(r"(^|: )(warning|note):|left out|not part of the model|skipped", re.I)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Reading the suite

class Suite:
    """The sqldef sources: a checkout (a directory with cmd/), or a git
    directory (a bare mirror), read at HEAD."""

    def __init__(self, path):
        self.path = path
        self.git = not os.path.isdir(os.path.join(path, "cmd"))
        if self.git:
            r = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("replay.py: %s is neither a sqldef checkout (no cmd/) nor a git repository" % path)
            self.commit = r.stdout.strip()
        else:
            r = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True)
            self.commit = r.stdout.strip() if r.returncode == 0 else "(not a git checkout)"

    def files(self, pattern):
        if self.git:
            r = subprocess.run(["git", "-C", self.path, "ls-tree", "--name-only", "HEAD",
                                os.path.dirname(pattern) + "/"], capture_output=True, text=True, check=True)
            names = [n for n in r.stdout.split("\n") if n and fnmatch.fnmatch(n, pattern)]
        else:
            names = [os.path.relpath(p, self.path) for p in glob.glob(os.path.join(self.path, pattern))]
        return sorted(names)

    def read(self, name):
        if self.git:
            r = subprocess.run(["git", "-C", self.path, "show", "HEAD:" + name], capture_output=True, check=True)
            return r.stdout.decode()
        with open(os.path.join(self.path, name), encoding="utf-8") as f:
            return f.read()


def load_cases(suite, pattern):
    cases = []
    for name in suite.files(pattern):
        doc = yaml.safe_load(suite.read(name)) or {}
        for key, case in doc.items():
            if not isinstance(case, dict):
                continue
            cases.append((key, os.path.basename(name), case))
    return cases


def test_roles(suite):
    """testRoles of psqldef_test.go, else DEFAULT_ROLES; plus psqldef_user."""
    roles = list(DEFAULT_ROLES)
    try:
        src = suite.read("cmd/psqldef/psqldef_test.go")
        m = re.search(r"var testRoles = \[\]string\{(.*?)\}", src, re.S)
        if m:
            roles = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    except (subprocess.CalledProcessError, OSError):
        pass
    return roles


def version_excluded(case):
    def major(v):
        m = re.match(r"\d+", str(v))
        return int(m.group(0)) if m else None
    lo, hi = case.get("min_version"), case.get("max_version")
    if lo is not None and major(lo) is not None and SERVER_VERSION < major(lo):
        return "min_version %s" % lo
    if hi is not None and major(hi) is not None and SERVER_VERSION > major(hi):
        return "max_version %s" % hi
    return None


# ---------------------------------------------------------------------------
# Splitting a PostgreSQL script into statements (for the retry in
# dependency order, as sqldef sorts a case's statements before running
# them). Quotes, dollar quotes, comments and BEGIN ATOMIC bodies are kept
# whole.

DOLLAR_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def split_pg(sql):
    out, start, i, n = [], 0, 0, len(sql)
    atomic, words = 0, []
    while i < n:
        c = sql[i]
        if c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif c == "/" and sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "'":
            esc = i > 0 and sql[i - 1] in "eE"
            i += 1
            while i < n:
                if esc and sql[i] == "\\":
                    i += 2
                    continue
                if sql[i] == "'":
                    if sql.startswith("''", i):
                        i += 2
                        continue
                    break
                i += 1
            i += 1
        elif c == '"':
            j = sql.find('"', i + 1)
            while j >= 0 and sql.startswith('""', j):
                j = sql.find('"', j + 2)
            i = n if j < 0 else j + 1
        elif c == "$" and DOLLAR_RE.match(sql, i) and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            tag = DOLLAR_RE.match(sql, i).group(0)
            j = sql.find(tag, i + len(tag))
            i = n if j < 0 else j + len(tag)
        elif c.isalpha() or c == "_":
            m = WORD_RE.match(sql, i)
            w = m.group(0).upper()
            if words and words[-1] == "BEGIN" and w == "ATOMIC":
                atomic += 1
            elif atomic and w == "CASE":
                atomic += 1
            elif atomic and w == "END":
                atomic -= 1
            words = (words + [w])[-2:]
            i = m.end()
        elif c == ";" and not atomic:
            out.append(sql[start:i + 1])
            start, i, words = i + 1, i + 1, []
        else:
            i += 1
    out.append(sql[start:])
    return [s.strip() for s in out if strip_sql_comments(s).strip()]


SCHEMA_RE = re.compile(r'^\s*CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)', re.I)


def kept_schemas(current, desired):
    """The CREATE SCHEMA statements of current for schemas desired does
    not create: sqldef never drops a schema, so its cases use them in
    desired without creating them again."""
    def schemas(sql):
        out = {}
        for stmt in split_pg(sql):
            m = SCHEMA_RE.match(strip_sql_comments(stmt))
            if m:
                name = m.group(1)
                out[name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()] = stmt
        return out
    have = schemas(desired)
    return "".join("CREATE SCHEMA IF NOT EXISTS %s;\n" % quote_ident(n)
                   for n in schemas(current) if n not in have)


def strip_sql_comments(s):
    return re.sub(r"--[^\n]*", "", s)


def split_sqlite(sql):
    out, buf = [], ""
    for part in sql.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            out.append(buf)
            buf = ""
    if buf.strip().rstrip(";").strip():
        out.append(buf.rstrip(";"))
    return [s.strip() for s in out if strip_sql_comments(s).strip().rstrip(";").strip()]


# ---------------------------------------------------------------------------
# Processes

def run(argv, cwd=None, env=None, input=None, timeout=STEP_TIMEOUT):
    """(returncode, stdout, stderr); a timeout is returncode 124."""
    try:
        r = subprocess.run(argv, cwd=cwd, env=env, input=input, capture_output=True, text=True,
                           timeout=timeout, errors="replace")
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return 124, out, err + "\ntimeout after %ds" % timeout


def first_error(text, prefer=("error:", "ERROR:", ".sql:", "SQLSTATE", "FATAL:", "failed", "fatal")):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for p in prefer:
        for l in lines:
            if p in l:
                return l
    return lines[0] if lines else "(no message)"


class PgServer:
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary
    directory (as tests/pg-harness.sh does; as root the server runs as the
    "postgres" user)."""

    def __init__(self, root):
        r = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        self.bindir = r.stdout.strip() if r.returncode == 0 else ""
        if not os.path.exists(os.path.join(self.bindir, "initdb")):
            cands = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
            if not cands:
                sys.exit("replay.py: initdb not found (install the postgresql package)")
            self.bindir = os.path.dirname(cands[0])
        self.dir = tempfile.mkdtemp(prefix="mig-sqldef-pg.", dir=root)
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.port = "5432"
        self.started = False
        if os.getuid() == 0:
            import pwd
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def as_server(self, argv):
        return (["runuser", "-u", "postgres", "--"] + argv) if os.getuid() == 0 else argv

    def start(self):
        rc, out, err = run(self.as_server([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres",
                                           "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]), timeout=300)
        if rc != 0:
            sys.exit("replay.py: initdb failed:\n" + out + err)
        opts = ("-p %s -c listen_addresses= -c unix_socket_directories=%s -c fsync=off -c full_page_writes=off "
                "-c synchronous_commit=off -c max_connections=50" % (self.port, self.dir))
        rc, out, err = run(self.as_server([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l",
                                           os.path.join(self.dir, "server.log"), "-w", "-t", "60", "-o", opts,
                                           "start"]), timeout=120)
        if rc != 0:
            try:
                with open(os.path.join(self.dir, "server.log")) as f:
                    err += f.read()[-3000:]
            except OSError:
                pass
            sys.exit("replay.py: PostgreSQL did not start:\n" + out + err)
        self.started = True
        rc, out, _ = self.psql("postgres", "SHOW server_version_num")
        self.version = int(out.strip()) // 10000 if rc == 0 else 0

    def stop(self):
        if self.started:
            run(self.as_server([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w",
                                "stop"]), timeout=60)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def env(self, user="postgres"):
        e = dict(os.environ)
        for k in list(e):
            if k.startswith("PG") or k in ("DATABASE_URL", "MIG_ENV", "PYTHON_ENV") or k.startswith("POSTGRES_"):
                del e[k]
        e.update(PGHOST=self.dir, PGPORT=self.port, PGUSER=user, PGOPTIONS="-c client_min_messages=warning")
        return e

    def url(self, db, user="postgres"):
        return "postgresql://%s@/%s?host=%s&port=%s" % (user.replace("@", "%40"), db, self.dir, self.port)

    def psql(self, db, sql, user="postgres", single=False, timeout=STEP_TIMEOUT):
        argv = [os.path.join(self.bindir, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", "-"]
        if single:
            argv.insert(1, "-1")
        return run(argv, env=self.env(user or "postgres"), input=sql, timeout=timeout)

    def dump(self, db):
        rc, out, err = run([os.path.join(self.bindir, "pg_dump"), "--schema-only", "-T", "*.mig_*", "-d", db],
                           env=self.env())
        if rc != 0:
            return None, first_error(err)
        keep = []
        for line in out.splitlines():
            s = line.strip()
            if not s or s.startswith("--") or line.startswith("SET ") or s.startswith("\\restrict ") or \
                    s.startswith("\\unrestrict ") or \
                    line.startswith("SELECT pg_catalog.set_config("):
                continue
            keep.append(line.rstrip())
        return keep, None


def quote_ident(s):
    return '"' + s.replace('"', '""') + '"'


def quote_lit(s):
    return "'" + s.replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# One case

class Outcome:
    def __init__(self, name, file):
        self.name, self.file = name, file
        self.cls, self.step, self.error, self.named = "pass", "", "", False
        self.named_lines = []
        self.seconds = 0.0
        self.diff = ""
        self.cause = None

    def fail(self, cls, step, error, diff="", cause=None):
        self.cls, self.step, self.error, self.diff = cls, step, error.replace("\t", " ").strip(), diff
        self.cause = cause
        return self


SQLITE_FIELDS = ("cid", "name", "type", "notnull", "dflt_value", "pk", "hidden")


def line_keywords(line, n=6):
    """The leading SQL keywords of a catalog line, names and literals left
    out: "ALTER TABLE ONLY ADD CONSTRAINT CHECK"."""
    line = re.sub(r"'(?:[^']|'')*'", "", line)
    line = re.sub(r'"(?:[^"]|"")*"', "", line)
    words = re.findall(r"\b[A-Z][A-Z_]+\b", line)
    return " ".join(words[:n])


def enclosing(lines, i):
    """The first line of the statement (PostgreSQL) or table (SQLite) that
    holds lines[i]."""
    while i > 0 and lines[i][:1] in (" ", "\t", ")"):
        i -= 1
    return lines[i] if 0 <= i < len(lines) else ""


def describe_line(line, head):
    """What kind of catalog line this is, for grouping."""
    s = line.strip()
    if line[:1] not in (" ", "\t", ")"):
        kw = line_keywords(s) or s.split(" ")[0]
        if s.startswith(("view ", "trigger ")):
            kw = s.split(" ")[0]
        return kw
    if s.startswith("column ("):
        return "column"
    if s.startswith(("index ", "fk ", "list ", "sql ")) or s.startswith("("):
        return s.split(" ")[0] if not s.startswith("(") else "index column"
    return "%s: %s" % (line_keywords(head, 3) or head.split(" ")[0], line_keywords(s, 4) or "line")


def schema_diff(expected, actual, context=2, limit=40):
    """(first error line, diff excerpt, cause) of two catalog listings, or
    None when they are the same."""
    if expected == actual:
        return None
    d = list(difflib.unified_diff(expected, actual, "expected", "actual", n=context, lineterm=""))
    excerpt = "\n".join(d[:limit])
    minus = [l[1:] for l in d[2:] if l.startswith("-")]
    plus = [l[1:] for l in d[2:] if l.startswith("+")]

    def bare(ls):
        return sorted(l.rstrip().rstrip(",") for l in ls)
    if minus and bare(minus) == bare(plus):
        line = minus[0]
        head = enclosing(expected, expected.index(line))
        return ("order differs in %s: %s" % (head.strip()[:80], line.strip()), excerpt,
                "order differs: %s" % describe_line(line, head))
    sm = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            old, new = expected[i1], actual[j1]
            head = enclosing(expected, i1)
            kind = describe_line(old, head)
            if old.strip().startswith("column (") and new.strip().startswith("column ("):
                try:
                    import ast
                    a = ast.literal_eval(old.strip()[7:])
                    b = ast.literal_eval(new.strip()[7:])
                    kind = "column %s" % "+".join(f for f, x, y in zip(SQLITE_FIELDS, a, b) if x != y)
                except (ValueError, SyntaxError):
                    pass
            where = "" if head == old else " in %s" % head.strip()[:80]
            return ("changed%s: %s => %s" % (where, old.strip(), new.strip()), excerpt, "changed: %s" % kind)
        if tag == "delete":
            line, head = expected[i1], enclosing(expected, i1)
            sign = "missing"
        else:
            line, head = actual[j1], enclosing(actual, j1)
            sign = "extra"
        where = "" if head == line else " in %s" % head.strip()[:80]
        return ("%s%s: %s" % (sign, where, line.strip()), excerpt, "%s: %s" % (sign, describe_line(line, head)))
    return ("differs", excerpt, "differs")


class Runner:
    def __init__(self, args, bindir, work, pg=None):
        self.args, self.bin, self.work, self.pg = args, bindir, work, pg
        self.counter = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def next_id(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def tool(self, name):
        return os.path.join(self.bin, name)

    # -- mig in a project directory ----------------------------------------

    def mig(self, proj, env, argv, timeout=STEP_TIMEOUT):
        return run([self.tool(argv[0])] + argv[1:], cwd=proj, env=env, input="", timeout=timeout)

    def gen(self, proj, env, name, stamp, extra):
        """mig-gen, retried with --no-fill for each column its hint names
        (there are no rows in these databases). (rc, stderr, new revision or
        None)."""
        before = set(os.listdir(os.path.join(proj, "migrations", extra["dialect"]))) \
            if os.path.isdir(os.path.join(proj, "migrations", extra["dialect"])) else set()
        flags = []
        for _ in range(20):
            argv = ["mig-gen", "--name", name, "--allow-destructive", "--timestamp", stamp,
                    "--dialect", extra["dialect"]] + flags
            rc, out, err = self.mig(proj, env, argv)
            if rc == 0:
                break
            more = re.findall(r"--no-fill ([^\s)]+)", err)
            more = [f for f in more if "--no-fill" not in flags or f not in flags]
            new = []
            for f in more:
                if f not in flags and f not in new:
                    new.append(f)
            if not new:
                break
            for f in new:
                flags += ["--no-fill", f]
        d = os.path.join(proj, "migrations", extra["dialect"])
        after = set(os.listdir(d)) if os.path.isdir(d) else set()
        revs = sorted(f[:-4] for f in after - before if f.endswith(".sql"))
        return rc, out + err, (revs[-1] if revs else None)

    def note_named(self, o, text):
        for l in text.splitlines():
            if NAMED_RE.search(l) and "error:" not in l:
                o.named_lines.append(l.strip())

    def replay(self, o, proj, env, dialect, model_a, model_b, catalog_a, catalog_b, catalog_t):
        """Steps 2-5 over the project dir; model_x() writes models/ (or
        returns an error), catalog_x() returns (lines, error)."""
        extra = {"dialect": dialect}
        os.makedirs(os.path.join(proj, "models"), exist_ok=True)
        want_a, err = catalog_a()
        if err:
            return o.fail("fail-inspect", "a", "catalog of A: " + err)
        want_b, err = catalog_b()
        if err:
            return o.fail("fail-inspect", "b", "catalog of B: " + err)
        revs = {}
        for step, model, stamp, want in (("a", model_a, T1, want_a), ("b", model_b, T2, want_b)):
            err = model()
            if err:
                return o.fail("fail-inspect", step, err)
            rc, text, rev = self.gen(proj, env, step, stamp, extra)
            self.note_named(o, text)
            if rc != 0:
                return o.fail("fail-gen", step, first_error(text))
            revs[step] = rev
            # No migration yet (A is empty): nothing to apply.
            rc, out, err = self.mig(proj, env, ["mig-apply", "--dialect", dialect]) if any(revs.values()) \
                else (0, "", "")
            if rc != 0:
                return o.fail("fail-apply-up", step, first_error(err + out))
            got, err = catalog_t()
            if err:
                return o.fail("fail-up", step, "catalog of T: " + err)
            d = schema_diff(want, got)
            if d:
                return o.fail("fail-up", step, *d)
        target = revs["a"] or "base"
        rc, out, err = self.mig(proj, env, ["mig-apply", "--dialect", dialect, "--to", target, "--yes"])
        if rc != 0:
            return o.fail("fail-down-apply", "down", first_error(err + out))
        got, err = catalog_t()
        d = schema_diff(want_a, got) if not err else ("catalog of T: " + err, "")
        if d:
            return o.fail("fail-down", "down", *d)
        rc, out, err = self.mig(proj, env, ["mig-apply", "--dialect", dialect])
        if rc != 0:
            return o.fail("fail-up-again", "again", first_error(err + out))
        got, err = catalog_t()
        d = schema_diff(want_b, got) if not err else ("catalog of T: " + err, "")
        if d:
            return o.fail("fail-up-again", "again", *d)
        return o

    # -- PostgreSQL ---------------------------------------------------------

    def pg_create(self, db, user):
        rc, out, err = self.pg.psql("postgres", "DROP DATABASE IF EXISTS %s;\n"
                                    "CREATE DATABASE %s TEMPLATE template0 STRATEGY FILE_COPY;\n"
                                    % (db, db))
        if rc != 0:
            return first_error(err)
        if user:
            # As sqldef's runner; and CREATE on public, where mig-apply puts
            # its version table before the first migration creates foo (the
            # same grant in A, B and T).
            rc, out, err = self.pg.psql(db, "GRANT ALL ON DATABASE %s TO %s;\nGRANT CREATE ON SCHEMA public TO %s;"
                                        % (db, quote_ident(user), quote_ident(user)))
            if rc != 0:
                return first_error(err)
        return None

    def pg_load(self, db, sql, user):
        """Runs a case's SQL on a new database db: as one transaction, else
        statement by statement, retrying those that fail while others get
        through (sqldef sorts a case's statements by dependency). None, or
        the first error."""
        err = self.pg_create(db, user)
        if err:
            return err
        if user:
            rc, out, e = self.pg.psql(db, "CREATE SCHEMA foo;", user=user)
            if rc != 0:
                return first_error(e)
        if not sql or not sql.strip():
            return None
        rc, out, e = self.pg.psql(db, sql, user=user, single=True)
        if rc == 0:
            return None
        first = first_error(e)
        err = self.pg_create(db, user)
        if err:
            return err
        if user:
            self.pg.psql(db, "CREATE SCHEMA foo;", user=user)
        pending = split_pg(sql)
        errors = {}
        while pending:
            left = []
            for stmt in pending:
                rc, out, e = self.pg.psql(db, stmt, user=user)
                if rc != 0:
                    left.append(stmt)
                    errors[stmt] = first_error(e)
            if len(left) == len(pending):
                return errors.get(left[0], first)
            pending = left
        return None

    def pg_case(self, name, file, case):
        o = Outcome(name, file)
        why = version_excluded(case)
        if why:
            return o.fail("skipped-version", "", why)
        n = self.next_id()
        user = case.get("user") or ""
        dba, dbb, dbt = "r%d_a" % n, "r%d_b" % n, "r%d_t" % n
        proj = os.path.join(self.work, "case-%d" % n)
        try:
            current, desired = case.get("current") or "", case.get("desired") or ""
            for db, key, sql in ((dba, "current", current), (dbb, "desired", kept_schemas(current, desired) + desired)):
                err = self.pg_load(db, sql, user)
                if err:
                    return o.fail("input-invalid", key, err)
            err = self.pg_create(dbt, user)
            if err:
                return o.fail("input-invalid", "t", err)
            os.makedirs(os.path.join(proj, "models"))
            env = self.pg.env(user or "postgres")
            env["DATABASE_URL"] = self.pg.url(dbt, user or "postgres")

            def model(db, step):
                def f():
                    e = dict(env)
                    e["DATABASE_URL"] = self.pg.url(db, user or "postgres")
                    rc, out, err = self.mig(proj, e, ["mig-inspect", "--dialect", "pgsql"])
                    with open(os.path.join(proj, "inspect-%s.log" % step), "w") as f:
                        f.write(err)
                    self.note_named(o, err)
                    if rc != 0:
                        return first_error(err)
                    with open(os.path.join(proj, "models", "schema.xml"), "w") as f:
                        f.write(out)
                    return None
                return f

            self.replay(o, proj, env, "pgsql", model(dba, "a"), model(dbb, "b"),
                        lambda: self.pg.dump(dba), lambda: self.pg.dump(dbb), lambda: self.pg.dump(dbt))
            return o
        finally:
            self.finish(o, proj)
            self.pg.psql("postgres", "".join("DROP DATABASE IF EXISTS %s WITH (FORCE);\n" % d for d in (dba, dbb, dbt)))

    def finish(self, o, proj):
        o.named = bool(o.named_lines)
        if not os.path.isdir(proj):
            return
        if self.args.keep and o.cls.startswith("fail"):
            if o.diff:
                with open(os.path.join(proj, "diff.txt"), "w") as f:
                    f.write(o.diff + "\n")
            dest = os.path.join(self.args.out, "kept", "pgsql" if self.pg else "sqlite",
                                re.sub(r"[^A-Za-z0-9_.-]", "_", o.name))
            shutil.rmtree(dest, ignore_errors=True)
            shutil.move(proj, dest)
        else:
            shutil.rmtree(proj, ignore_errors=True)

    # -- SQLite -------------------------------------------------------------

    @staticmethod
    def sqlite_load(path, sql):
        if os.path.exists(path):
            os.unlink(path)
        if not sql or not sql.strip():
            sqlite3.connect(path).close()
            return None
        con = sqlite3.connect(path, isolation_level=None)
        try:
            con.executescript("BEGIN;\n" + sql + "\n;COMMIT;")
            return None
        except sqlite3.Error as e:
            first = "%s" % e
        finally:
            con.close()
        os.unlink(path)
        con = sqlite3.connect(path, isolation_level=None)
        try:
            pending, errors = split_sqlite(sql), {}
            while pending:
                left = []
                for stmt in pending:
                    try:
                        con.execute(stmt)
                    except sqlite3.Error as e:
                        left.append(stmt)
                        errors[stmt] = "%s" % e
                if len(left) == len(pending):
                    return errors.get(left[0], first)
                pending = left
            return None
        finally:
            con.close()

    @staticmethod
    def sqlite_catalog(path):
        def norm(s):
            return re.sub(r"\s+", " ", s or "").strip()

        def norm_index(s):
            s = re.sub(r"/\*.*?\*/|--[^\n]*", " ", s or "", flags=re.S)
            s = norm(s).lower()
            s = re.sub(r'["`\[\]]', "", s)
            s = re.sub(r"\s*([(),=<>])\s*", r"\1", s)
            return re.sub(r"^create (unique )?index (if not exists )?\S+ on ", "", s)

        try:
            con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        except sqlite3.Error as e:
            return None, "%s" % e
        try:
            out = []
            objs = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name").fetchall()
            tables = [r[1] for r in objs if r[0] == "table" and not r[1].startswith("sqlite_")
                      and not r[1].startswith("mig_")]
            for t in sorted(tables, key=str.lower):
                q = quote_ident(t)
                out.append("table %s" % t)
                for r in con.execute("PRAGMA table_list(%s)" % quote_lit(t)).fetchall():
                    if r[1] == t:
                        out.append("  list type=%s ncol=%s wr=%s strict=%s" % (r[2], r[3], r[4], r[5]))
                for r in con.execute("PRAGMA table_xinfo(%s)" % q).fetchall():
                    out.append("  column %r" % (tuple(r),))
                for r in sorted(con.execute("PRAGMA index_list(%s)" % q).fetchall(), key=lambda r: r[1]):
                    auto = r[1].startswith("sqlite_autoindex_")
                    out.append("  index %s unique=%s origin=%s partial=%s" % ("(auto)" if auto else r[1], r[2],
                                                                             r[3], r[4]))
                    cols = con.execute("PRAGMA index_xinfo(%s)" % quote_ident(r[1])).fetchall()
                    for c in cols:
                        out.append("    %r" % (tuple(c),))
                    if r[4] or any(c[1] == -2 for c in cols):
                        sql = con.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (r[1],)).fetchone()
                        out.append("    sql %s" % norm_index(sql[0] if sql else ""))
                for r in con.execute("PRAGMA foreign_key_list(%s)" % q).fetchall():
                    out.append("  fk %r" % (tuple(r[1:]),))
            for typ, name, tbl, sql in objs:
                if typ in ("view", "trigger"):
                    out.append("%s %s on %s: %s" % (typ, name, tbl, norm(sql)))
            return out, None
        except sqlite3.Error as e:
            return None, "%s" % e
        finally:
            con.close()

    def sqlite_case(self, name, file, case):
        o = Outcome(name, file)
        why = version_excluded(case)
        if why:
            return o.fail("skipped-version", "", why)
        n = self.next_id()
        proj = os.path.join(self.work, "case-%d" % n)
        os.makedirs(os.path.join(proj, "models"))
        try:
            fa, fb, ft = (os.path.join(proj, x) for x in ("a.db", "b.db", "t.db"))
            for path, key in ((fa, "current"), (fb, "desired")):
                err = self.sqlite_load(path, case.get(key) or "")
                if err:
                    return o.fail("input-invalid", key, err)
            env = dict(os.environ)
            for k in list(env):
                if k.startswith("PG") or k.startswith("POSTGRES_") or k in ("MIG_ENV", "PYTHON_ENV"):
                    del env[k]
            env["DATABASE_URL"] = "sqlite:" + ft

            def model(path, step):
                def f():
                    e = dict(env)
                    e["DATABASE_URL"] = "sqlite:" + path
                    rc, out, err = self.mig(proj, e, ["mig-inspect", "--dialect", "sqlite"])
                    with open(os.path.join(proj, "inspect-%s.log" % step), "w") as f:
                        f.write(err)
                    self.note_named(o, err)
                    if rc != 0:
                        return first_error(err)
                    with open(os.path.join(proj, "models", "schema.xml"), "w") as f:
                        f.write(out)
                    return None
                return f

            def catalog_t():
                if not os.path.exists(ft):
                    return [], None
                return self.sqlite_catalog(ft)

            self.replay(o, proj, env, "sqlite", model(fa, "a"), model(fb, "b"),
                        lambda: self.sqlite_catalog(fa), lambda: self.sqlite_catalog(fb), catalog_t)
            return o
        finally:
            self.finish(o, proj)


# ---------------------------------------------------------------------------
# Reports

CLASSES = ["pass", "input-invalid", "skipped-version", "fail-inspect", "fail-gen", "fail-apply-up", "fail-up",
           "fail-down-apply", "fail-down", "fail-up-again"]


def cause_key(o):
    """The first error line with names and literals abstracted (a schema
    difference: the kind of catalog line), so that one cause groups its
    cases."""
    if o.cause:
        return "%s [%s] %s" % (o.cls, o.step, o.cause)
    s = o.error
    s = re.sub(r"'(?:[^']|'')*'", "'…'", s)
    s = re.sub(r'"(?:[^"]|"")*"', '"…"', s)
    s = re.sub(r"\br\d+_[abt]\b", "DB", s)
    s = re.sub(r"\b\d{4}_\d{14}_[ab]\b", "REV", s)
    s = re.sub(r"\.sql:\d+:", ".sql:N:", s)
    s = re.sub(r"/tmp/\S+", "TMP", s)
    return "%s [%s] %s" % (o.cls, o.step, s[:160])


def write_tsv(path, outcomes):
    with open(path, "w") as f:
        f.write("case\tfile\tclass\tnamed\terror\tstep\tseconds\n")
        for o in sorted(outcomes, key=lambda o: (o.file, o.name)):
            named = "-" if o.cls in ("pass", "input-invalid", "skipped-version") else \
                ("named" if o.named else "silent")
            f.write("%s\t%s\t%s\t%s\t%s\t%s\t%.1f\n" % (o.name, o.file, o.cls, named, o.error.replace("\n", " ")[:400],
                                                        o.step, o.seconds))


def summarize(title, outcomes, top=30):
    c = collections.Counter(o.cls for o in outcomes)
    total = len(outcomes)
    invalid = c["input-invalid"] + c["skipped-version"]
    valid = total - invalid
    fails = [o for o in outcomes if o.cls.startswith("fail")]
    silent = [o for o in fails if not o.named]
    lines = ["## %s" % title, "", "| class | cases |", "|---|---|"]
    for k in CLASSES:
        lines.append("| %s | %d |" % (k, c[k]))
    lines.append("| **total** | %d |" % total)
    lines += ["",
              "pass rate: %d/%d = %.1f %% of all cases; %d/%d = %.1f %% of valid cases "
              "(input-invalid and skipped-version left out)"
              % (c["pass"], total, 100.0 * c["pass"] / max(total, 1), c["pass"], valid,
                 100.0 * c["pass"] / max(valid, 1)),
              "",
              "failures: %d, of which %d named what mig left out and %d silent" % (len(fails), len(fails) - len(silent),
                                                                                 len(silent)),
              ""]
    groups = collections.OrderedDict()
    for o in sorted(fails, key=lambda o: (o.file, o.name)):
        groups.setdefault(cause_key(o), []).append(o)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    lines += ["Top failure causes (first error line, names abstracted; example case; named/silent):", "",
              "| n | cause | example | named/silent |", "|---|---|---|---|"]
    for key, os_ in ranked[:top]:
        nn = sum(1 for o in os_ if o.named)
        ex = os_[0]
        lines.append("| %d | `%s` | %s (%s): `%s` | %d/%d |" % (len(os_), key.replace("|", "\\|"), ex.name, ex.file,
                                                               ex.error.replace("|", "\\|")[:150], nn, len(os_) - nn))
    if len(ranked) > top:
        lines.append("")
        lines.append("(%d more causes with %d cases)" % (len(ranked) - top, sum(len(v) for _, v in ranked[top:])))
    ii = [o for o in outcomes if o.cls == "input-invalid"]
    if ii:
        lines += ["", "input-invalid cases (the case's own SQL fails on this server):", ""]
        for o in sorted(ii, key=lambda o: (o.file, o.name)):
            lines.append("- %s (%s, %s): %s" % (o.name, o.file, o.step, o.error[:160]))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Replay sqldef's schema-diff suite through mig (docs/sqldef.md).")
    ap.add_argument("--sqldef", required=True, help="a sqldef checkout, or a (bare) git mirror of it")
    ap.add_argument("--bin", default="bin", help="the directory of the mig tools (default: bin)")
    ap.add_argument("--out", default="build/sqldef", help="where results go (default: build/sqldef)")
    ap.add_argument("--only", help="only cases whose name (or FILE:NAME) matches this regular expression")
    ap.add_argument("--dialect", choices=["pgsql", "sqlite", "both"], default="both")
    ap.add_argument("--jobs", type=int, default=2, help="cases in parallel (at most 2)")
    ap.add_argument("--keep", action="store_true", help="keep the project of each failing case in OUT/kept/")
    ap.add_argument("--label", help="what the summary calls the mig build (default: the commit of this checkout)")
    ap.add_argument("-v", "--verbose", action="store_true", help="a line per case")
    args = ap.parse_args()
    args.jobs = max(1, min(args.jobs, 2))
    args.out = os.path.abspath(args.out)
    bindir = os.path.abspath(args.bin)
    for t in ("mig-inspect", "mig-gen", "mig-apply"):
        if not os.access(os.path.join(bindir, t), os.X_OK):
            sys.exit("replay.py: %s/%s not found (make first, or --bin DIR)" % (bindir, t))
    os.makedirs(args.out, exist_ok=True)
    if args.keep:
        shutil.rmtree(os.path.join(args.out, "kept"), ignore_errors=True)
    suite = Suite(args.sqldef)
    only = re.compile(args.only) if args.only else None

    def pick(cases):
        return [c for c in cases if not only or only.search(c[0]) or only.search("%s:%s" % (c[1], c[0]))]

    todo = []
    if args.dialect in ("pgsql", "both"):
        todo.append(("pg", "PostgreSQL", pick(load_cases(suite, "cmd/psqldef/tests*.yml"))))
    if args.dialect in ("sqlite", "both"):
        todo.append(("sqlite", "SQLite", pick(load_cases(suite, "cmd/sqlite3def/tests*.yml"))))

    root = tempfile.mkdtemp(prefix="mig-sqldef.")
    os.chmod(root, 0o755)
    pg = None
    rev = args.label or subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse",
                                        "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    header = ["# sqldef suite replay through mig", "",
              "- date: %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
              "- mig: %s (%s)" % (bindir, rev or "?"),
              "- sqldef: %s at %s" % (args.sqldef, suite.commit[:12]),
              ]
    if only:
        header.append("- only: `%s`" % args.only)
    reports = []

    def interrupted(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)
    try:
        if any(k == "pg" and cases for k, _, cases in todo):
            pg = PgServer(root)
            pg.start()
            header.append("- PostgreSQL %d (%s)" % (pg.version, pg.bindir))
            global SERVER_VERSION
            SERVER_VERSION = pg.version
            roles = ["psqldef_user"] + test_roles(suite)
            sql = "".join("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %s) THEN "
                          "CREATE ROLE %s%s; END IF; END$$;\n"
                          % (quote_lit(r), quote_ident(r), " LOGIN" if r == "psqldef_user" else "") for r in roles)
            sql += "ALTER ROLE psqldef_user SET search_path TO foo, public;\n"
            rc, out, err = pg.psql("postgres", sql)
            if rc != 0:
                sys.exit("replay.py: cannot create the test roles: " + first_error(err))
        sqlite_version = sqlite3.sqlite_version
        header.append("- SQLite %s (Python's module, for the catalog)" % sqlite_version)
        for kind, title, cases in todo:
            if not cases:
                continue
            runner = Runner(args, bindir, root, pg if kind == "pg" else None)
            fn = runner.pg_case if kind == "pg" else runner.sqlite_case
            outcomes = []
            t0 = time.time()
            log("replay.py: %s: %d cases, %d at a time" % (title, len(cases), args.jobs))

            def one(c):
                t = time.time()
                try:
                    o = fn(*c)
                except Exception as e:  # a harness bug must not hide the other cases
                    o = Outcome(c[0], c[1]).fail("fail-inspect", "harness", "harness error: %r" % e)
                o.seconds = time.time() - t
                return o

            with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
                for i, o in enumerate(ex.map(one, cases), 1):
                    outcomes.append(o)
                    if args.verbose or o.cls.startswith("fail"):
                        log("  [%d/%d] %-14s %s (%s) %s" % (i, len(cases), o.cls, o.name, o.file,
                                                            o.error[:150]))
                    elif i % 50 == 0:
                        log("  [%d/%d] ..." % (i, len(cases)))
            path = os.path.join(args.out, "results-%s.tsv" % kind)
            write_tsv(path, outcomes)
            rep = summarize("%s (%d cases, %.0f s)" % (title, len(outcomes), time.time() - t0), outcomes)
            reports.append(rep)
            log(rep)
            log("replay.py: wrote %s" % path)
    except KeyboardInterrupt:
        log("replay.py: interrupted")
        return 130
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(root, ignore_errors=True)
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write("\n".join(header) + "\n\n" + "\n".join(reports))
    log("replay.py: wrote %s" % os.path.join(args.out, "summary.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
