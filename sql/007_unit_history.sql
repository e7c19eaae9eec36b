-- 007_unit_history.sql — administrative reforms: which units succeeded which, by
-- what legal act and from what day, and what was moved to the successors. Units
-- themselves keep their rows (org_units.valid_from/valid_to); data stay attached to
-- the unit they were reported for and are carried to successors when read.

CREATE TABLE unit_reforms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,              -- the mapping file's name
  effective_date TEXT NOT NULL,    -- YYYY-MM-DD: the first day of the new tree
  successions INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  applied_by INTEGER REFERENCES users(id),
  UNIQUE (name, effective_date)
);

-- One row per (old unit, new unit[, indicator]). share: the part of the old unit's
-- figures that goes to the new one (1 for merge, rename, re-parent, level removal;
-- a split's shares of one old unit add up to 1). indicator_code '' = every
-- indicator; a row with a code overrides the share for that indicator only.
CREATE TABLE unit_successions (
  id INTEGER PRIMARY KEY,
  reform_id INTEGER NOT NULL REFERENCES unit_reforms(id),
  kind TEXT NOT NULL,              -- merge | split | rename | reparent | level_removal
  from_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  to_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  indicator_code TEXT NOT NULL DEFAULT '',
  share REAL NOT NULL DEFAULT 1,
  act_number TEXT NOT NULL,        -- "202/2025/QH15"
  act_date TEXT NOT NULL,          -- YYYY-MM-DD
  effective_date TEXT NOT NULL,    -- YYYY-MM-DD
  basis TEXT NOT NULL DEFAULT '',  -- how the row was derived: code, name, residue, level
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (from_unit_id, to_unit_id, indicator_code),
  CHECK (share > 0 AND share <= 1)
);
CREATE INDEX unit_successions_to ON unit_successions(to_unit_id);
CREATE INDEX unit_successions_reform ON unit_successions(reform_id);

-- What a reform moved from a closed unit to its successor (open tasks, open
-- findings, organisations): the trail, besides the audit log.
CREATE TABLE unit_transfers (
  id INTEGER PRIMARY KEY,
  reform_id INTEGER NOT NULL REFERENCES unit_reforms(id),
  entity TEXT NOT NULL,            -- tasks | findings | organizations
  entity_id INTEGER NOT NULL,
  from_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  to_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  rule TEXT NOT NULL,
  moved_at TEXT NOT NULL
);
CREATE INDEX unit_transfers_reform ON unit_transfers(reform_id, entity);
