/*
 * diff_op: one operation of a migration, the words shared by every module
 * of diff/ and the renderers: the kinds of operation, the kinds of object
 * they are about, the phases they run in, and struct op (see diff.h for the
 * plan they make up).
 */
#ifndef MIG_DIFF_OP_H
#define MIG_DIFF_OP_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum op_kind {
	OP_CREATE_SCHEMA,
	OP_DROP_SCHEMA,
	OP_CREATE_ENUM,
	OP_DROP_ENUM,
	OP_ADD_ENUM_VALUE,   /* to.enum_type gains value (before/after neighbour) */
	OP_REMOVE_ENUM_VALUE, /* inverse of ADD_ENUM_VALUE: a rebuild */
	OP_REBUILD_ENUM,     /* from's values -> to's values: new type, columns cast */
	OP_CREATE_TABLE,
	OP_DROP_TABLE,
	OP_RENAME_TABLE,
	OP_ADD_COLUMN,
	OP_DROP_COLUMN,
	OP_RENAME_COLUMN,
	OP_ALTER_TYPE,       /* type, raw type or collation */
	OP_SET_NOT_NULL,
	OP_DROP_NOT_NULL,
	OP_SET_DEFAULT,      /* from's default -> to's (either may be none) */
	OP_ADD_IDENTITY,
	OP_DROP_IDENTITY,
	OP_SET_IDENTITY,     /* ALWAYS <-> BY DEFAULT */
	OP_ADD_SERIAL,
	OP_DROP_SERIAL,
	OP_ADD_PRIMARY_KEY,
	OP_DROP_PRIMARY_KEY,
	OP_ADD_UNIQUE,
	OP_DROP_UNIQUE,
	OP_ADD_FOREIGN_KEY,
	OP_DROP_FOREIGN_KEY,
	OP_ADD_CHECK,
	OP_DROP_CHECK,
	OP_CREATE_INDEX,
	OP_DROP_INDEX,
	OP_RENAME_CONSTRAINT, /* pk, unique, fk or check: from_name -> to_name */
	OP_RENAME_INDEX,
	OP_COMMENT,          /* from_comment -> to_comment on the object */
	OP_CREATE_OBJECT,    /* a view, function, trigger, ... (model.h, objects kept as SQL): its SQL */
	OP_DROP_OBJECT,
	OP_REPLACE_OBJECT,   /* from's definition -> to's in place (CREATE OR REPLACE FUNCTION) */
	OP_RENAME_OBJECT,    /* from's name -> to's (renamed-from), the object otherwise the same */
	OP_SET_TABLE_OPTIONS, /* from_table's -> to_table's table options: PostgreSQL's UNLOGGED, row-level
				 security, storage parameters and partition bound (DETACH then ATTACH);
				 SQLite's STRICT / WITHOUT ROWID (model_table_options()): a rebuild there.
				 Each dialect renders what differs of its own */
	/*
	 * from's generated expression (or none) -> to's (or none), in
	 * PHASE_COLUMN_TYPES. Generated -> plain keeps the values (and sets
	 * to's default); otherwise the column is made again and its values
	 * computed (diff_kind_column_remade()).
	 */
	OP_SET_GENERATED,
	/*
	 * An identity's or serial's sequence options, from's -> to's, in
	 * place (the sequence's current value kept: no RESTART), in
	 * PHASE_ADD_IDENTITIES. PostgreSQL only.
	 */
	OP_SET_SEQUENCE,
	/*
	 * from_owner -> to_owner of a schema, a table or an object kept as SQL
	 * (ALTER ... OWNER TO; none: the migrating role). PostgreSQL only.
	 */
	OP_SET_OWNER,
};

/* The kinds of schema object an operation is about (diff_kind.h describes each). */
enum diff_object {
	DIFF_SCHEMA,
	DIFF_ENUM,
	DIFF_TABLE,
	DIFF_COLUMN,
	DIFF_PRIMARY_KEY,
	DIFF_UNIQUE,
	DIFF_FOREIGN_KEY,
	DIFF_CHECK,
	DIFF_INDEX,
	DIFF_OBJECT,       /* every kind kept as SQL (model.h, objects kept as SQL); its own planner (diff_objects.h) */
	DIFF_NR_OBJECTS
};

/*
 * The phases of a migration, in the order they run in the up section. Each
 * operation records its phase.
 */
enum diff_phase {
	PHASE_CREATE_SCHEMAS,    /* new schemas (and their comments): everything else may live in one */
	PHASE_CREATE_ENUMS,      /* new enums: new and changed columns may use them */
	/* what goes away, under the old names (a rename may take a freed name): */
	PHASE_DROP_DEPENDENTS,   /* views, triggers, policies, grants that go away, change, or stand on
				    something that changes (re-created in PHASE_CREATE_DEPENDENTS); before the
				    early objects, since a function or type replaced there may be what they use */
	PHASE_EARLY_OBJECTS,     /* extensions, types, domains, functions tables may use: renamed ones
				    renamed, changed ones dropped, new and changed ones created, in the order
				    of their dependencies */
	PHASE_DROP_FOREIGN_KEYS, /* also those whose columns change type or whose referenced key is rebuilt */
	PHASE_DROP_TABLES,       /* in the reverse of the order that would create them */
	PHASE_DROP_CONSTRAINTS,  /* keys, checks and indexes of kept tables (foreign keys may have used them) */
	PHASE_DROP_COLUMNS,      /* with their comments; the down puts them back with a fill */
	PHASE_RENAMES,           /* tables, columns, constraints, indexes; a cycle goes through a temporary name */
	PHASE_ENUM_VALUES,       /* values added in place, or the type rebuilt: no foreign key on its columns stands */
	PHASE_DROP_IDENTITIES,   /* identities and serials that go away or change kind */
	PHASE_ADD_COLUMNS,       /* with the fill for existing rows */
	PHASE_COLUMN_TYPES,      /* type, raw type, collation; a table's SQLite options */
	PHASE_COLUMN_DEFAULTS,   /* unless a type change or an enum rebuild sets them */
	PHASE_NULLABILITY,       /* before an identity appears: PostgreSQL wants the column NOT NULL first */
	PHASE_ADD_IDENTITIES,    /* identities and serials that appear or change kind */
	PHASE_ADD_CONSTRAINTS,   /* keys, checks and indexes of kept tables: new tables may reference them */
	PHASE_CREATE_TABLES,     /* referenced before referencing; keys that close a cycle added after all */
	PHASE_ADD_FOREIGN_KEYS,  /* of kept tables */
	PHASE_CREATE_DEPENDENTS, /* views, triggers, policies, grants: after what they stand on */
	PHASE_COMMENTS,          /* comments of kept objects that changed */
	PHASE_DROP_EARLY_OBJECTS, /* extensions, types, domains, functions nothing uses any more */
	PHASE_DROP_ENUMS,        /* no column uses them any more */
	PHASE_DROP_SCHEMAS,      /* empty by now */
	DIFF_NR_PHASES
};

/* One object of a model, of the kind the operation says; NULL (any) = none. */
union diff_ref {
	const void *any;
	const struct model_schema *schema;
	const struct model_enum *enum_type;
	const struct model_table *table;
	const struct model_column *column;
	const struct model_primary_key *pk;
	const struct model_unique *unique;
	const struct model_foreign_key *fk;
	const struct model_check *check;
	const struct model_index *index;
	const struct model_object *object;
};

/*
 * One operation. "from" is the object before it, "to" after it: a CREATE
 * has only to, a DROP only from. from_table and to_table are the table the
 * object is (DIFF_TABLE) or is on, in the old and the new model (the old
 * one may have another name); NULL for schemas and enums. Pointers are
 * borrowed from the two models.
 */
struct op {
	enum op_kind kind;
	enum diff_phase phase;
	enum diff_object object;               /* what from and to are */
	union diff_ref from, to;
	const struct model_table *from_table, *to_table;
	const char *from_name, *to_name;       /* renames; borrowed */
	const char *from_comment, *to_comment; /* OP_COMMENT; borrowed, NULL = none */
	const char *enum_value;                /* ADD/REMOVE_ENUM_VALUE */
	const char *enum_neighbour;            /* ADD_ENUM_VALUE: the value it goes next to, or NULL (last) */
	bool enum_before;                      /* ... before (true) or after the neighbour */
	bool *inline_fks;  /* owned; CREATE/DROP_TABLE: which of the table's foreign keys are in it */
	/*
	 * SET_NOT_NULL, ADD_COLUMN: what existing NULL rows get; DROP_COLUMN:
	 * what they get when the down adds the column back. Borrowed (the
	 * diff's strings or the model).
	 */
	const char *fill;
	bool fill_is_expr; /* fill is the column's default expression */
	bool fill_is_default; /* fill is the column's default (a dialect may spell it its own way) */
	bool fill_is_placeholder; /* DROP_COLUMN: fill is a guess of mig-gen's, said so in the down */
	bool values_lost;  /* DROP_COLUMN (and its inverse): the column's values do not come back */
	bool destructive;  /* data can be lost (up direction) */
	bool before_renames; /* runs before the renames: every name is as in its own model */
	const char *tmp_name; /* a rename through a temporary name (to_name of this op); the diff's */
	/*
	 * ALTER_TYPE: how the change is made (decided here, spelled by the
	 * dialect). retype: values convert (another type family, an array
	 * dimension, a raw type, another enum), so the change casts with USING,
	 * via text when an enum is on either side (an enum converts from and
	 * to text only); the default is dropped before (drop_default) and set
	 * after (set_default), since a default of the old type may not cast by
	 * itself. retype_sequence: a serial's sequence counts as far as the
	 * column's new integer type.
	 */
	bool retype, cast_via_text, drop_default, set_default, retype_sequence;
	/*
	 * REBUILD_ENUM, REMOVE_ENUM_VALUE: the model whose columns are in the
	 * database when the op runs (kept as is by diff_invert).
	 */
	const struct model *in_model;
	const char *from_owner, *to_owner; /* OP_SET_OWNER; borrowed, NULL = the migrating role */
};

#endif
