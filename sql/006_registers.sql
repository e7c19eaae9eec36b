-- 006_registers.sql — registers kept at the grassroots (boarding houses, waste-sorting
-- groups, OCOP products ...): their types as data (a schema of fields, versioned),
-- their records at a unit, and the files attached to records.

CREATE TABLE register_types (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,                  -- [a-z][a-z0-9_]*, used in formulas
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  name TEXT NOT NULL,
  name_en TEXT,
  schema_version INTEGER NOT NULL DEFAULT 1,  -- the current schema
  version INTEGER NOT NULL DEFAULT 1,         -- optimistic locking of the type
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX register_types_plan ON register_types(plan_id);

-- every schema a type has had: records keep the version they were written under
CREATE TABLE register_schemas (
  type_id INTEGER NOT NULL REFERENCES register_types(id),
  schema_version INTEGER NOT NULL,
  fields TEXT NOT NULL,                       -- JSON array of field definitions
  derived TEXT NOT NULL,                      -- JSON array of {name,label,label_en,formula}
  created_at TEXT NOT NULL,
  PRIMARY KEY (type_id, schema_version)
);

CREATE TABLE register_records (
  id INTEGER PRIMARY KEY,
  type_id INTEGER NOT NULL REFERENCES register_types(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,                         -- JSON object: field name -> value
  title TEXT NOT NULL,                        -- the first text field, for lists
  search TEXT NOT NULL,                       -- folded text of the text fields
  sort_key TEXT NOT NULL,                     -- ICU key of the title
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX register_records_type_unit ON register_records(type_id, unit_id);

CREATE TABLE register_files (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES register_records(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,                       -- content address, shared with evidence files
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX register_files_record ON register_files(record_id);
