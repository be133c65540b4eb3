/*
 * diff_objects: the plan for the objects kept as SQL (model.h, objects kept as SQL):
 * views, functions, triggers, policies, grants, types, ... Internal to
 * diff/ (diff_compute() calls it last).
 *
 * Each object of the old model is kept (same identity, same definition),
 * replaced in place (a function whose body changed: CREATE OR REPLACE),
 * replaced (dropped and created), rebuilt (unchanged, but something it
 * stands on is dropped, replaced, or a table it uses loses, renames or
 * retypes a column: PostgreSQL refuses those while it stands), or dropped.
 * Objects of the new model without a counterpart are created.
 *
 * What stands on what: the model's depends-on plus what the SQL references
 * (model_object_references()), transitively. Objects that use a table or
 * such an object come after the tables (PHASE_CREATE_DEPENDENTS) and go
 * before every table change (PHASE_DROP_DEPENDENTS); the others (types,
 * domains, functions, extensions) come before the tables
 * (PHASE_EARLY_OBJECTS) and go after them (PHASE_DROP_EARLY_OBJECTS).
 * Within a phase, creates follow dependencies, drops run in reverse.
 */
#ifndef MIG_DIFF_OBJECTS_H
#define MIG_DIFF_OBJECTS_H

struct diff;
struct model;

/*
 * Adds the operations on from's and to's objects to df, which holds the
 * operations on everything else (their tables are what it reads), and puts
 * every operation in phase order (stable).
 */
void diff_objects_plan(const struct model *from, const struct model *to, struct diff *df);

#endif
