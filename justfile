# The mig recipes for `just` users: each is one line over make (mk/mig.mk).
# Arguments reach make through the environment, quoted for the shell, so a
# name is text whatever it holds (make would expand $(...) in name=...).

# list the recipes
default:
    @just --list

# build the tools
build:
    make

# run every test (starts a throwaway PostgreSQL)
test:
    make check

# check the models and print them as mig reads them
models:
    make db-models

# write the next migration for the change to the models
db-migrate name:
    name={{quote(name)}} make db-migrate

# write an empty migration to fill in by hand
db-migrate-empty name:
    name={{quote(name)}} make db-migrate-empty

# print the live database as a model
db-inspect:
    make db-inspect
