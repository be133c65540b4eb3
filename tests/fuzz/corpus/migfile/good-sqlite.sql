-- mig:revision 0001_20261122000000_init
-- mig:parents
-- mig:message init
-- mig:transaction on
-- mig:state h1:NiVapN+/gg1bJ0fv15ittFG6mI/b3p5E2kCAjUEfYYE=
-- mig:up
CREATE SCHEMA config;
CREATE SCHEMA facts;
CREATE SCHEMA files;
CREATE SCHEMA validation;
-- SQLite: check setting_key_format of table setting is left out: it uses regular expressions, which SQLite does not have
CREATE TABLE config.setting (
    "key" varchar(120) NOT NULL,
    type config_type NOT NULL DEFAULT 'string',
    value jsonb NOT NULL DEFAULT ('null'),
    is_secret boolean NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    updated_by bigint,
    CONSTRAINT setting_pkey PRIMARY KEY ("key"),
    CONSTRAINT mig_enum_type CHECK (type IN ('string', 'integer', 'boolean', 'json'))
);

CREATE TABLE config.setting_history (
    id integer NOT NULL CONSTRAINT setting_history_pkey PRIMARY KEY AUTOINCREMENT,
    "key" varchar(120) NOT NULL,
    old_value jsonb,
    new_value jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    CONSTRAINT setting_history_key_fkey FOREIGN KEY ("key") REFERENCES setting ("key") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX config.setting_history_key_changed_idx ON setting_history ("key", changed_at DESC);
CREATE TABLE facts.entity (
    id integer NOT NULL CONSTRAINT entity_pkey PRIMARY KEY AUTOINCREMENT,
    kind varchar(60) NOT NULL,
    name text NOT NULL,
    attributes jsonb NOT NULL DEFAULT ('{}'),
    CONSTRAINT entity_kind_name_key UNIQUE (kind, name)
);

-- SQLite: index entity_attributes_idx is left out (SQLite has no gin indexes)
-- SQLite: index entity_name_pattern_idx has no operator class text_pattern_ops in SQLite
CREATE INDEX facts.entity_name_pattern_idx ON entity (name);
CREATE TABLE facts.fact (
    id integer NOT NULL CONSTRAINT fact_pkey PRIMARY KEY AUTOINCREMENT,
    subject_id bigint NOT NULL,
    predicate varchar(120) NOT NULL,
    object_id bigint,
    object_value text,
    confidence real NOT NULL DEFAULT 1.0,
    valid_from timestamp(3),
    source_file_id uuid,
    CONSTRAINT fact_object_present CHECK ((object_id IS NULL) <> (object_value IS NULL)),
    CONSTRAINT fact_confidence_range CHECK (confidence BETWEEN 0 AND 1),
    CONSTRAINT fact_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES entity (id) ON DELETE CASCADE,
    CONSTRAINT fact_object_id_fkey FOREIGN KEY (object_id) REFERENCES entity (id) ON DELETE CASCADE
);

-- SQLite: index fact_subject_predicate_idx has no INCLUDE columns in SQLite
CREATE INDEX facts.fact_subject_predicate_idx ON fact (subject_id, predicate);
-- SQLite: index fact_predicate_lower_idx sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
CREATE INDEX facts.fact_predicate_lower_idx ON fact ((lower(predicate)) COLLATE BINARY, confidence DESC);
CREATE TABLE facts.embedding (
    entity_id bigint NOT NULL,
    model varchar(80) NOT NULL,
    dims smallint NOT NULL,
    vector blob NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    refresh_at time(0),
    CONSTRAINT embedding_pkey PRIMARY KEY (entity_id, model),
    CONSTRAINT embedding_dims_positive CHECK (dims > 0),
    CONSTRAINT embedding_entity_id_fkey FOREIGN KEY (entity_id) REFERENCES entity (id) ON DELETE CASCADE
);

-- SQLite: unique constraint folder_sibling_name_key treats NULLs as distinct (SQLite has no NULLS NOT DISTINCT)
CREATE TABLE files.folder (
    id integer NOT NULL CONSTRAINT folder_pkey PRIMARY KEY AUTOINCREMENT,
    project_id bigint NOT NULL,
    parent_id bigint,
    name varchar(255) NOT NULL COLLATE BINARY,
    CONSTRAINT folder_sibling_name_key UNIQUE (project_id, parent_id, name),
    CONSTRAINT folder_name_nonempty CHECK (length(name) > 0),
    CONSTRAINT folder_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES folder (id) ON DELETE CASCADE
);

CREATE TABLE files.file (
    id uuid NOT NULL DEFAULT ((lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))),
    folder_id bigint NOT NULL,
    name varchar(255) NOT NULL,
    media_type varchar(127) NOT NULL DEFAULT 'application/octet-stream',
    size_bytes bigint NOT NULL DEFAULT 0,
    sha256 char(64) NOT NULL,
    backend storage_backend NOT NULL DEFAULT 'local',
    uploaded_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    deleted_at timestamptz,
    tags text[] NOT NULL DEFAULT ('{}'),
    CONSTRAINT file_pkey PRIMARY KEY (id),
    CONSTRAINT mig_enum_backend CHECK (backend IN ('local', 's3', 'gcs')),
    CONSTRAINT file_size_nonnegative CHECK (size_bytes >= 0),
    CONSTRAINT file_folder_id_fkey FOREIGN KEY (folder_id) REFERENCES folder (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX files.file_folder_name_key ON file (folder_id, name) WHERE deleted_at IS NULL;
-- SQLite: index file_sha256_idx is a B-tree (SQLite has no hash indexes)
CREATE INDEX files.file_sha256_idx ON file (sha256);
-- SQLite: index file_tags_idx is left out (SQLite has no gin indexes)
-- SQLite: index file_recent_idx has no INCLUDE columns in SQLite
-- SQLite: index file_recent_idx sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)
CREATE INDEX files.file_recent_idx ON file (uploaded_at DESC);
CREATE TABLE account (
    id integer NOT NULL CONSTRAINT account_pkey PRIMARY KEY AUTOINCREMENT,
    email varchar(320) NOT NULL,
    display_name varchar(200) NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    is_admin boolean NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX account_email_lower_key ON account ((lower(email)));
CREATE TABLE project (
    id integer NOT NULL CONSTRAINT project_pkey PRIMARY KEY AUTOINCREMENT,
    title varchar(200) NOT NULL,
    state project_state NOT NULL DEFAULT 'draft',
    budget numeric(12,2) DEFAULT 0.00,
    currency char(3) NOT NULL DEFAULT 'EUR',
    created_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    owner_id bigint,
    search text,
    CONSTRAINT project_title_key UNIQUE (title),
    CONSTRAINT mig_enum_state CHECK (state IN ('draft', 'active', 'archived')),
    CONSTRAINT project_title_nonempty CHECK (title <> ''),
    CONSTRAINT project_budget_nonnegative CHECK (budget >= 0),
    CONSTRAINT project_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES account (id) ON DELETE SET NULL
);

CREATE INDEX project_active_idx ON project (created_at DESC) WHERE state = 'active';
-- SQLite: index project_search_idx is left out (SQLite has no gin indexes)
CREATE TABLE project_member (
    project_id bigint NOT NULL,
    account_id bigint NOT NULL,
    role member_role NOT NULL DEFAULT 'viewer',
    added_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    CONSTRAINT project_member_pkey PRIMARY KEY (project_id, account_id),
    CONSTRAINT mig_enum_role CHECK (role IN ('viewer', 'editor', 'owner')),
    CONSTRAINT project_member_project_id_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT project_member_account_id_fkey FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX project_member_account_idx ON project_member (account_id);
CREATE TABLE project_milestone (
    project_id bigint NOT NULL,
    position smallint NOT NULL,
    title varchar(200) NOT NULL,
    due_on date,
    done boolean NOT NULL DEFAULT 0,
    CONSTRAINT project_milestone_pkey PRIMARY KEY (project_id, position),
    CONSTRAINT project_milestone_position_positive CHECK (position > 0),
    CONSTRAINT project_milestone_project_id_fkey FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE
);

CREATE TABLE validation.rule (
    id integer NOT NULL CONSTRAINT rule_pkey PRIMARY KEY AUTOINCREMENT,
    code varchar(40) NOT NULL,
    description text NOT NULL,
    severity severity NOT NULL DEFAULT 'warning',
    enabled boolean NOT NULL DEFAULT 1,
    CONSTRAINT rule_code_key UNIQUE (code),
    CONSTRAINT mig_enum_severity CHECK (severity IN ('info', 'warning', 'error'))
);

CREATE TABLE validation.run (
    id integer NOT NULL CONSTRAINT run_pkey PRIMARY KEY AUTOINCREMENT,
    project_id bigint NOT NULL,
    started_at timestamptz NOT NULL DEFAULT (CURRENT_TIMESTAMP),
    finished_at timestamptz,
    duration interval,
    CONSTRAINT run_id_project_key UNIQUE (id, project_id),
    CONSTRAINT run_finished_after_start CHECK (finished_at IS NULL OR finished_at >= started_at)
);

CREATE TABLE validation.issue (
    id integer NOT NULL CONSTRAINT issue_pkey PRIMARY KEY AUTOINCREMENT,
    run_id bigint NOT NULL,
    project_id bigint NOT NULL,
    rule_id integer NOT NULL,
    file_id uuid,
    line integer,
    message text NOT NULL,
    details json,
    CONSTRAINT issue_line_positive CHECK (line IS NULL OR line > 0),
    CONSTRAINT issue_run_fkey FOREIGN KEY (run_id, project_id) REFERENCES run (id, project_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT issue_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES rule (id) ON UPDATE CASCADE
);

CREATE INDEX validation.issue_run_rule_idx ON issue (run_id, rule_id);
-- mig:down
DROP TABLE validation.issue;
DROP TABLE validation.run;
DROP TABLE validation.rule;
DROP TABLE project_milestone;
DROP TABLE project_member;
DROP TABLE project;
DROP TABLE account;
DROP TABLE files.file;
DROP TABLE files.folder;
DROP TABLE facts.embedding;
DROP TABLE facts.fact;
DROP TABLE facts.entity;
DROP TABLE config.setting_history;
DROP TABLE config.setting;
DROP SCHEMA validation;
DROP SCHEMA files;
DROP SCHEMA facts;
DROP SCHEMA config;
