-- 005_evaluation.sql — how a plan is scored: the weights of the five components
-- (summing to 100), the cap on one indicator's achievement, the grade thresholds.
-- No row means the defaults (src/core/score.h); scores are computed, never stored.

CREATE TABLE plan_score_config (
  plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
  w_indicators INTEGER NOT NULL DEFAULT 50,
  w_tasks INTEGER NOT NULL DEFAULT 15,
  w_reports INTEGER NOT NULL DEFAULT 15,
  w_budget INTEGER NOT NULL DEFAULT 10,
  w_findings INTEGER NOT NULL DEFAULT 10,
  achievement_cap REAL NOT NULL DEFAULT 120,     -- percent, per indicator
  grade_excellent REAL NOT NULL DEFAULT 90,      -- "Hoàn thành xuất sắc nhiệm vụ" from here
  grade_good REAL NOT NULL DEFAULT 75,           -- "Hoàn thành tốt nhiệm vụ"
  grade_pass REAL NOT NULL DEFAULT 50,           -- "Hoàn thành nhiệm vụ"; below: "Không hoàn thành nhiệm vụ"
  version INTEGER NOT NULL DEFAULT 2,            -- the defaults (no row) are version 1
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id),
  CHECK (w_indicators >= 0 AND w_tasks >= 0 AND w_reports >= 0 AND w_budget >= 0
         AND w_findings >= 0),
  CHECK (w_indicators + w_tasks + w_reports + w_budget + w_findings = 100),
  CHECK (grade_pass > 0 AND grade_pass < grade_good AND grade_good < grade_excellent
         AND grade_excellent <= 100)
);
