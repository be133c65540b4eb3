/* Operations in words: the --check listing and the SQL comments of a review. */
#include "diff_describe.h"

#include "diff.h"
#include "strbuf.h"
#include "banned.h"

static void describe_column(const struct model_column *col, struct strbuf *out)
{
	strbuf_addf(out, "%s ", col->name);
	model_type_format(&col->type, out);
	if (col->not_null)
		strbuf_addstr(out, " NOT NULL");
}

void diff_describe(const struct op *op, struct strbuf *out)
{
	const struct model_table *t = op->to_table ? op->to_table : op->from_table;
	const struct model_column *col = op->object != DIFF_COLUMN ? NULL : op->to.column ? op->to.column : op->from.column;
	struct strbuf tn = STRBUF_INIT, ta = STRBUF_INIT, tb = STRBUF_INIT;

	if (t)
		model_table_display(t, &tn);
	switch (op->kind) {
	case OP_CREATE_SCHEMA: strbuf_addf(out, "+ schema %s", op->to.schema->name); break;
	case OP_DROP_SCHEMA: strbuf_addf(out, "- schema %s", op->from.schema->name); break;
	case OP_CREATE_ENUM: strbuf_addf(out, "+ enum %s", op->to.enum_type->name); break;
	case OP_DROP_ENUM: strbuf_addf(out, "- enum %s", op->from.enum_type->name); break;
	case OP_ADD_ENUM_VALUE:
		strbuf_addf(out, "~ enum %s: + value '%s'", op->to.enum_type->name, op->enum_value);
		break;
	case OP_REMOVE_ENUM_VALUE:
		strbuf_addf(out, "~ enum %s: - value '%s'", op->from.enum_type->name, op->enum_value);
		break;
	case OP_REBUILD_ENUM:
		strbuf_addf(out, "~ enum %s: values changed (rebuilt)", op->to.enum_type->name);
		break;
	case OP_CREATE_TABLE: strbuf_addf(out, "+ table %s", tn.buf); break;
	case OP_DROP_TABLE: strbuf_addf(out, "- table %s", tn.buf); break;
	case OP_RENAME_TABLE:
		strbuf_addf(out, "~ table %s: renamed from %s", tn.buf, op->from_name);
		break;
	case OP_SET_TABLE_OPTIONS:
		if (op->from.table->sqlite_strict != op->to.table->sqlite_strict ||
		    op->from.table->sqlite_without_rowid != op->to.table->sqlite_without_rowid)
			strbuf_addf(out, "~ table %s: SQLite options %s -> %s", tn.buf,
				    model_table_options(op->from.table), model_table_options(op->to.table));
		else
			strbuf_addf(out, "~ table %s: options (unlogged, row-level security, storage, partition bound)",
				    tn.buf);
		break;
	case OP_ADD_COLUMN:
		strbuf_addf(out, "+ column %s.", tn.buf);
		describe_column(col, out);
		break;
	case OP_DROP_COLUMN: strbuf_addf(out, "- column %s.%s", tn.buf, col->name); break;
	case OP_RENAME_COLUMN:
		strbuf_addf(out, "~ column %s.%s: renamed from %s", tn.buf, op->to_name, op->from_name);
		break;
	case OP_ALTER_TYPE:
		model_type_format(&op->from.column->type, &ta);
		model_type_format(&op->to.column->type, &tb);
		if (op->from.column->extra->pg_type)
			strbuf_addf(&ta, " (pg %s)", op->from.column->extra->pg_type);
		if (op->to.column->extra->pg_type)
			strbuf_addf(&tb, " (pg %s)", op->to.column->extra->pg_type);
		if (op->from.column->extra->sqlite_type)
			strbuf_addf(&ta, " (sqlite %s)", op->from.column->extra->sqlite_type);
		if (op->to.column->extra->sqlite_type)
			strbuf_addf(&tb, " (sqlite %s)", op->to.column->extra->sqlite_type);
		if (op->from.column->extra->collation)
			strbuf_addf(&ta, " collate %s", op->from.column->extra->collation);
		if (op->to.column->extra->collation)
			strbuf_addf(&tb, " collate %s", op->to.column->extra->collation);
		strbuf_addf(out, "~ column %s.%s: type %s -> %s", tn.buf, col->name, ta.buf, tb.buf);
		break;
	case OP_SET_NOT_NULL: strbuf_addf(out, "~ column %s.%s: NOT NULL", tn.buf, col->name); break;
	case OP_DROP_NOT_NULL: strbuf_addf(out, "~ column %s.%s: nullable", tn.buf, col->name); break;
	case OP_SET_DEFAULT:
		strbuf_addf(out, "~ column %s.%s: default %s -> %s", tn.buf, col->name,
			    op->from.column->default_value ? op->from.column->default_value : "(none)",
			    op->to.column->default_value ? op->to.column->default_value : "(none)");
		break;
	case OP_ADD_IDENTITY: strbuf_addf(out, "~ column %s.%s: + identity", tn.buf, col->name); break;
	case OP_DROP_IDENTITY: strbuf_addf(out, "~ column %s.%s: - identity", tn.buf, col->name); break;
	case OP_SET_IDENTITY: strbuf_addf(out, "~ column %s.%s: identity generation", tn.buf, col->name); break;
	case OP_SET_SEQUENCE: strbuf_addf(out, "~ column %s.%s: sequence options", tn.buf, col->name); break;
	case OP_SET_GENERATED:
		strbuf_addf(out, "~ column %s.%s: generated %s -> %s", tn.buf, col->name,
			    op->from.column->extra->generated ? op->from.column->extra->generated : "(none)",
			    op->to.column->extra->generated ? op->to.column->extra->generated : "(none)");
		break;
	case OP_ADD_SERIAL: strbuf_addf(out, "~ column %s.%s: + serial", tn.buf, col->name); break;
	case OP_DROP_SERIAL: strbuf_addf(out, "~ column %s.%s: - serial", tn.buf, col->name); break;
	case OP_ADD_PRIMARY_KEY: strbuf_addf(out, "+ primary key %s on %s", op->to.pk->name, tn.buf); break;
	case OP_DROP_PRIMARY_KEY: strbuf_addf(out, "- primary key %s on %s", op->from.pk->name, tn.buf); break;
	case OP_ADD_UNIQUE: strbuf_addf(out, "+ unique %s on %s", op->to.unique->name, tn.buf); break;
	case OP_DROP_UNIQUE: strbuf_addf(out, "- unique %s on %s", op->from.unique->name, tn.buf); break;
	case OP_ADD_FOREIGN_KEY: strbuf_addf(out, "+ foreign key %s on %s", op->to.fk->name, tn.buf); break;
	case OP_DROP_FOREIGN_KEY: strbuf_addf(out, "- foreign key %s on %s", op->from.fk->name, tn.buf); break;
	case OP_ADD_CHECK: strbuf_addf(out, "+ check %s on %s", op->to.check->name, tn.buf); break;
	case OP_DROP_CHECK: strbuf_addf(out, "- check %s on %s", op->from.check->name, tn.buf); break;
	case OP_CREATE_INDEX: strbuf_addf(out, "+ index %s on %s", op->to.index->name, tn.buf); break;
	case OP_DROP_INDEX: strbuf_addf(out, "- index %s on %s", op->from.index->name, tn.buf); break;
	case OP_RENAME_CONSTRAINT:
		strbuf_addf(out, "~ constraint %s on %s: renamed from %s", op->to_name, tn.buf, op->from_name);
		break;
	case OP_RENAME_INDEX:
		strbuf_addf(out, "~ index %s on %s: renamed from %s", op->to_name, tn.buf, op->from_name);
		break;
	case OP_COMMENT:
		strbuf_addstr(out, "~ comment on ");
		switch (op->object) {
		case DIFF_SCHEMA:
			strbuf_addf(out, "schema %s", (op->to.schema ? op->to.schema : op->from.schema)->name);
			break;
		case DIFF_ENUM:
			strbuf_addf(out, "enum %s", (op->to.enum_type ? op->to.enum_type : op->from.enum_type)->name);
			break;
		case DIFF_TABLE: strbuf_addf(out, "table %s", tn.buf); break;
		case DIFF_COLUMN: strbuf_addf(out, "column %s.%s", tn.buf, col->name); break;
		case DIFF_INDEX:
			strbuf_addf(out, "index %s", (op->to.index ? op->to.index : op->from.index)->name);
			break;
		case DIFF_PRIMARY_KEY: case DIFF_UNIQUE: case DIFF_FOREIGN_KEY: case DIFF_CHECK:
			strbuf_addf(out, "constraint %s on %s",
				    diff_object_name(op->object, op->to.any ? op->to : op->from), tn.buf);
			break;
		case DIFF_OBJECT:
			model_object_display(op->to.object ? op->to.object : op->from.object, out);
			break;
		default: break;
		}
		break;
	case OP_CREATE_OBJECT:
		strbuf_addstr(out, "+ ");
		model_object_display(op->to.object, out);
		break;
	case OP_DROP_OBJECT:
		strbuf_addstr(out, "- ");
		model_object_display(op->from.object, out);
		break;
	case OP_REPLACE_OBJECT:
		strbuf_addstr(out, "~ ");
		model_object_display(op->to.object, out);
		strbuf_addstr(out, ": replaced");
		break;
	case OP_RENAME_OBJECT:
		strbuf_addstr(out, "~ ");
		model_object_display(op->from.object, out);
		strbuf_addf(out, ": renamed to %s", op->to.object->name);
		break;
	case OP_SET_OWNER:
		strbuf_addstr(out, "~ owner of ");
		if (op->object == DIFF_SCHEMA)
			strbuf_addf(out, "schema %s", (op->to.schema ? op->to.schema : op->from.schema)->name);
		else if (op->object == DIFF_TABLE)
			strbuf_addf(out, "table %s", tn.buf);
		else
			model_object_display(op->to.object ? op->to.object : op->from.object, out);
		strbuf_addf(out, ": %s", op->to_owner ? op->to_owner : "(the migrating role)");
		break;
	}
	strbuf_release(&tn);
	strbuf_release(&ta);
	strbuf_release(&tb);
}

void diff_describe_destructive_note(const struct op *op, bool types_enforced, struct strbuf *out)
{
	const struct model_table *t = op->from_table ? op->from_table : op->to_table;
	struct strbuf tn = STRBUF_INIT;

	if (!op->destructive)
		return;
	if (t)
		model_table_display(t, &tn);
	switch (op->kind) {
	case OP_DROP_TABLE:
		strbuf_addf(out, "-- destructive: drops table %s and its rows\n", tn.buf);
		break;
	case OP_DROP_COLUMN:
		strbuf_addf(out, "-- destructive: drops column %s.%s and its data\n", tn.buf, op->from.column->name);
		break;
	case OP_ALTER_TYPE:
		if (types_enforced)
			strbuf_addf(out, "-- destructive: narrows column %s.%s (values that do not fit make it fail)\n",
				    tn.buf, op->to.column->name);
		else
			strbuf_addf(out, "-- destructive: narrows column %s.%s (SQLite keeps values the new type "
				    "would refuse: it converts what its type affinity can, and keeps the rest)\n", tn.buf,
				    op->to.column->name);
		break;
	case OP_REBUILD_ENUM:
		strbuf_addf(out, "-- destructive: removes values of enum %s (rows holding them make it fail)\n",
			    op->to.enum_type->name);
		break;
	case OP_SET_GENERATED:
		strbuf_addf(out, "-- destructive: column %s.%s becomes generated: its values are replaced by computed ones\n",
			    tn.buf, op->to.column->name);
		break;
	default:
		break;
	}
	strbuf_release(&tn);
}

void diff_describe_lost_values_note(const struct op *op, const struct model_table *t, struct strbuf *out)
{
	const struct model_column *c = op->to.column;
	struct strbuf dn = STRBUF_INIT;

	model_table_display(t, &dn);
	strbuf_addf(&dn, ".%s", c->name);
	if (op->fill && op->fill_is_placeholder)
		strbuf_addf(out, "-- %s comes back without its values: existing rows get a placeholder "
			    "(choose the value with --fill %s=VALUE)\n", dn.buf, dn.buf);
	else if (!op->fill && c->not_null && c->default_kind == DEFAULT_NONE && c->identity == IDENTITY_NONE)
		strbuf_addf(out, "-- %s comes back without its values: NOT NULL fails on a table with rows "
			    "(give them a value with --fill %s=VALUE)\n", dn.buf, dn.buf);
	strbuf_release(&dn);
}
