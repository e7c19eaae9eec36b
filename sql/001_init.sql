-- 001_init.sql — the foundation: units, organisations and heads, users, sessions,
-- login throttling, plans with objectives and coordinators, and the audit log.
-- Portable SQL: times are ISO 8601 UTC text written by the application; booleans
-- are 0/1 integers; "INTEGER PRIMARY KEY" is an identity column on every backend.

CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  parent_id INTEGER REFERENCES org_units(id),
  level TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  valid_from TEXT NOT NULL DEFAULT '1900-01-01',
  valid_to TEXT,
  path TEXT NOT NULL,          -- ids from the root, '/1/5/30/': subtree = prefix
  depth INTEGER NOT NULL,
  search TEXT NOT NULL,        -- lower case, without diacritics, for search
  sort_key TEXT NOT NULL,      -- hex ICU Vietnamese collation key of the name
  UNIQUE (code, valid_from)
);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE INDEX org_units_path ON org_units(path);
CREATE INDEX org_units_code ON org_units(code);

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  system TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  parent_id INTEGER REFERENCES organizations(id),
  search TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX organizations_unit ON organizations(unit_id);
CREATE INDEX organizations_parent ON organizations(parent_id);

CREATE TABLE org_heads (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  term_from TEXT NOT NULL,
  term_to TEXT
);
CREATE INDEX org_heads_org ON org_heads(organization_id, term_from);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  role TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_org ON users(organization_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the cookie token
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,       -- unix seconds
  last_seen INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,       -- absolute lifetime end
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,              -- 'u:username' or 'ip:address'
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL
);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                -- ke_hoach | de_an
  title TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES organizations(id),
  start_year INTEGER NOT NULL,
  end_year INTEGER NOT NULL,
  approving_doc TEXT NOT NULL DEFAULT '',
  approved_on TEXT,
  summary TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',  -- draft | active | closed
  search TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plans_owner ON plans(owner_id);

CREATE TABLE plan_coordinators (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  role TEXT NOT NULL DEFAULT 'coordinate',   -- coordinate | supervise
  PRIMARY KEY (plan_id, organization_id)
);
CREATE INDEX plan_coordinators_org ON plan_coordinators(organization_id);

CREATE TABLE plan_objectives (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL
);
CREATE INDEX plan_objectives_plan ON plan_objectives(plan_id, position);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  ip TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
