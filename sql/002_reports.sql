-- 002_reports.sql — indicators, targets with their history, periodic reports with
-- their values, workflow events and evidence files, and per-plan rules (deadlines,
-- who approves).

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  objective_id INTEGER REFERENCES plan_objectives(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_label TEXT NOT NULL DEFAULT '',        -- hộ, %, mô hình, sản phẩm, người ...
  value_type TEXT NOT NULL DEFAULT 'decimal', -- integer | decimal | percent | boolean
  time_agg TEXT NOT NULL DEFAULT 'sum',       -- sum (flows) | last (stocks) | max | avg
  unit_agg TEXT NOT NULL DEFAULT 'sum',       -- sum | ratio (Σnumerator / Σdenominator)
  numerator_id INTEGER REFERENCES indicators(id),
  denominator_id INTEGER REFERENCES indicators(id),
  direction TEXT NOT NULL DEFAULT 'up',       -- up | down: which way is better
  frequency TEXT NOT NULL DEFAULT 'month',    -- month | quarter | half | year
  decimals INTEGER NOT NULL DEFAULT 0,
  min_value REAL,
  max_value REAL,
  formula TEXT,                               -- expression over a register (later)
  position INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (plan_id, code)
);
CREATE INDEX indicators_plan ON indicators(plan_id, position);

-- year 0 = the whole plan period
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  value REAL NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  UNIQUE (indicator_id, unit_id, year)
);
CREATE INDEX targets_unit ON targets(unit_id);

CREATE TABLE target_history (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  year INTEGER NOT NULL,
  old_value REAL,
  new_value REAL,
  changed_at TEXT NOT NULL,
  changed_by INTEGER REFERENCES users(id),
  reason TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL DEFAULT ''
);
CREATE INDEX target_history_ind ON target_history(indicator_id, unit_id, year);

CREATE TABLE plan_rules (
  plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
  cutoff_day INTEGER NOT NULL DEFAULT 14,
  deadline_days_month INTEGER NOT NULL DEFAULT 5,
  deadline_days_quarter INTEGER NOT NULL DEFAULT 7,
  deadline_days_half INTEGER NOT NULL DEFAULT 10,
  deadline_days_nine INTEGER NOT NULL DEFAULT 10,
  deadline_days_year INTEGER NOT NULL DEFAULT 15,
  approval TEXT NOT NULL DEFAULT 'parent'   -- parent: a leader of the same system one level up; owner: a leader of the plan owner
);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  period TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',       -- draft | submitted | approved | returned
  version INTEGER NOT NULL DEFAULT 1,
  results TEXT NOT NULL DEFAULT '',
  limitations TEXT NOT NULL DEFAULT '',
  causes TEXT NOT NULL DEFAULT '',
  recommendations TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL,                     -- ISO UTC instant
  submitted_at TEXT,                          -- first submission
  last_submitted_at TEXT,
  approved_at TEXT,
  approved_by INTEGER REFERENCES users(id),
  returned_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  UNIQUE (plan_id, organization_id, unit_id, period)
);
CREATE INDEX reports_unit ON reports(unit_id, period);
CREATE INDEX reports_plan_period ON reports(plan_id, period, status);

CREATE TABLE report_values (
  report_id INTEGER NOT NULL REFERENCES reports(id),
  indicator_id INTEGER NOT NULL REFERENCES indicators(id),
  value REAL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (report_id, indicator_id)
);
CREATE INDEX report_values_ind ON report_values(indicator_id);

CREATE TABLE report_events (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id),
  at TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL,                       -- create | save | submit | approve | return | reopen
  from_status TEXT,
  to_status TEXT,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events(report_id, id);

CREATE TABLE evidence_files (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,                       -- content address under DATA/files/
  uploaded_by INTEGER REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_files_report ON evidence_files(report_id);
