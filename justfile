# The mig recipes for `just` users: each is one line over make (mk/mig.mk).
# Arguments reach make through the environment, quoted for the shell, so a
# name is text whatever it holds (make would expand $(...) in name=...).
# Copy the db-* recipes into a project's justfile next to a Makefile that
# includes mk/mig.mk.

# list the recipes
default:
    @just --list

# build the tools
build:
    make

# run every test (starts a throwaway PostgreSQL)
test:
    make check

# the first migration from the models, then upgrade
db-init *args:
    args={{quote(args)}} make db-init

# write the next migration for the change to the models (args: mig-gen's decisions, "--rename a=b")
db-migrate name *args:
    name={{quote(name)}} args={{quote(args)}} make db-migrate

# write an empty migration to fill in by hand
db-migrate-empty name *args:
    name={{quote(name)}} args={{quote(args)}} make db-migrate-empty

# join two heads with a merge migration
db-merge *args:
    args={{quote(args)}} make db-merge

# record hand edits of migrations (and what their SQL does) in the sum file and the states
db-rehash *args:
    args={{quote(args)}} make db-rehash

# apply the pending migrations (or up to a revision; never down); args: mig-apply's options
db-upgrade to="" *args:
    to={{quote(to)}} args={{quote(args)}} make db-upgrade

# undo the last migration (or down to a revision, or base; never up); --yes: no question
db-downgrade to="" *args:
    to={{quote(to)}} args={{quote(args)}} make db-downgrade

# seeds/000's one-shot: a migration named UPDATE_MESSAGE if the models changed, then upgrade
db-update *args:
    args={{quote(args)}} make db-update

# the SQL db-upgrade would run, touching nothing
db-sql to="" *args:
    to={{quote(to)}} args={{quote(args)}} make db-sql

# every migration, with applied time and duration
db-history *args:
    args={{quote(args)}} make db-history

# the heads of the migration graph
db-heads *args:
    args={{quote(args)}} make db-heads

# the database's current revision
db-current *args:
    args={{quote(args)}} make db-current

# the migrations not applied yet; fails when there is any (CI: as `aerich heads`)
db-pending *args:
    args={{quote(args)}} make db-pending

# record a revision (head, base) as applied without running SQL
db-stamp to *args:
    to={{quote(to)}} args={{quote(args)}} make db-stamp

# run the seed SQL files in one transaction, each file once (--reseed: every file again)
db-seed *args:
    args={{quote(args)}} make db-seed

# back the database up
db-backup *args:
    args={{quote(args)}} make db-backup

# print the database as a model
db-inspect *args:
    args={{quote(args)}} make db-inspect

# the revision graph (DOT; SVG and PNG with Graphviz)
db-graph *args:
    args={{quote(args)}} make db-graph

# check the models and print them as mig reads them
models *args:
    args={{quote(args)}} make db-models

# the CI gate: every problem of the migrations and the models
check-migrations *args:
    args={{quote(args)}} make check-migrations

# the locks and hazards of every migration for a live database
db-lint *args:
    args={{quote(args)}} make db-lint

# upgrade every database of a file of URLs, jobs at a time
db-upgrade-fleet fleet jobs="8":
    make -j{{quote(jobs)}} db-upgrade-fleet MIG_FLEET={{quote(fleet)}}
