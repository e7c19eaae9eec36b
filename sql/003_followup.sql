-- 003_followup.sql — following through: roadmap tasks (with deadline extensions and
-- comments), leadership documents, budget lines, findings and recommendations,
-- inspections, pilot models and their replication, activities, notifications, and
-- attachments for any of them. Statuses that depend on dates are derived, not stored.

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  responsible_id INTEGER NOT NULL REFERENCES organizations(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  start_on TEXT NOT NULL,                 -- YYYY-MM-DD
  deadline TEXT NOT NULL,                 -- current deadline (after extensions)
  original_deadline TEXT NOT NULL,
  slot TEXT NOT NULL,                     -- roadmap slot: a period code (202405, 2024Q2, 2024)
  progress INTEGER NOT NULL DEFAULT 0,    -- 0..100
  completed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tasks_plan ON tasks(plan_id, deadline);
CREATE INDEX tasks_unit ON tasks(unit_id);
CREATE INDEX tasks_responsible ON tasks(responsible_id);

CREATE TABLE task_coordinators (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  PRIMARY KEY (task_id, organization_id)
);

CREATE TABLE task_extensions (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  old_deadline TEXT NOT NULL,
  new_deadline TEXT NOT NULL,
  reason TEXT NOT NULL,
  document TEXT NOT NULL DEFAULT '',
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX task_extensions_task ON task_extensions(task_id);

CREATE TABLE task_comments (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX task_comments_task ON task_comments(task_id);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER REFERENCES plans(id),
  number TEXT NOT NULL,                   -- "12-BC/TU", "05/KH-UBND"
  kind TEXT NOT NULL,                     -- nghi_quyet | chi_thi | ke_hoach | quyet_dinh | huong_dan | bao_cao | cong_van | ket_luan | thong_bao | other
  title TEXT NOT NULL,
  issuer_id INTEGER NOT NULL REFERENCES organizations(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  issued_on TEXT NOT NULL,
  due_on TEXT,                            -- by when it should have been issued
  summary TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_plan ON documents(plan_id, issued_on);
CREATE INDEX documents_unit ON documents(unit_id);

CREATE TABLE budgets (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  source TEXT NOT NULL,                   -- provincial | district | commune | socialized | other
  planned INTEGER NOT NULL DEFAULT 0,     -- VND
  allocated INTEGER NOT NULL DEFAULT 0,
  allocated_on TEXT,
  disbursed INTEGER NOT NULL DEFAULT 0,
  disbursed_on TEXT,
  needed_on TEXT,                         -- when the plan needed the money (default 1 January)
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX budgets_plan ON budgets(plan_id, year);
CREATE INDEX budgets_unit ON budgets(unit_id, year);

CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER REFERENCES plans(id),
  inspector_id INTEGER NOT NULL REFERENCES organizations(id),
  inspected_id INTEGER NOT NULL REFERENCES organizations(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  kind TEXT NOT NULL DEFAULT 'kiem_tra',  -- kiem_tra | giam_sat
  held_on TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  conclusions TEXT NOT NULL DEFAULT '',
  follow_up TEXT NOT NULL DEFAULT 'open', -- open | done
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inspections_unit ON inspections(unit_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER REFERENCES plans(id),
  kind TEXT NOT NULL,                     -- limitation | problem | recommendation
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  raised_by_id INTEGER NOT NULL REFERENCES organizations(id),
  source TEXT NOT NULL DEFAULT 'direct',  -- direct | report | inspection
  report_id INTEGER REFERENCES reports(id),
  inspection_id INTEGER REFERENCES inspections(id),
  addressed_to_id INTEGER REFERENCES organizations(id),
  severity TEXT NOT NULL DEFAULT 'medium', -- low | medium | high
  due_on TEXT,
  response TEXT NOT NULL DEFAULT '',
  responded_at TEXT,
  responded_by INTEGER REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'open',    -- open | answered | resolved | declined
  resolved_on TEXT,
  reopened INTEGER NOT NULL DEFAULT 0,
  escalated_to_id INTEGER REFERENCES organizations(id),
  escalated_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX findings_plan ON findings(plan_id, status);
CREATE INDEX findings_unit ON findings(unit_id);
CREATE INDEX findings_addressee ON findings(addressed_to_id, status);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  organization_id INTEGER REFERENCES organizations(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  started_on TEXT NOT NULL,
  results TEXT NOT NULL DEFAULT '',
  replicates_id INTEGER REFERENCES models(id),
  recognized INTEGER NOT NULL DEFAULT 0,  -- "Dân vận khéo" recognition
  recognized_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX models_plan ON models(plan_id);
CREATE INDEX models_unit ON models(unit_id);
CREATE INDEX models_replicates ON models(replicates_id);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL,                     -- propaganda | training | conference | emulation | other
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  participants INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX activities_plan ON activities(plan_id, held_on);
CREATE INDEX activities_unit ON activities(unit_id);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,                     -- task_due | task_overdue | report_due | report_returned | approval_waiting | finding_addressed | finding_escalated
  title TEXT NOT NULL,
  link TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,               -- one notice per user and event
  created_at TEXT NOT NULL,
  read_at TEXT,
  emailed_at TEXT,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,                   -- tasks | findings | inspections | models
  entity_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX attachments_entity ON attachments(entity, entity_id);
