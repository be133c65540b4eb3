# The mig recipes for `just` users: each is one line over make (mk/mig.mk).
# Arguments are passed to make as single, quoted words.

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
