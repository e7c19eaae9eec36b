/* tables.c — the schema's tables in foreign-key order (see tables.h). */
#include "store/tables.h"

const store_table store_tables[] = {
	/* 001_init.sql */
	{"org_units", "id", "parent_id", 1},
	{"organizations", "id", "parent_id", 1},
	{"org_heads", "id", NULL, 1},
	{"users", "id", NULL, 1},
	{"sessions", "id", NULL, 1},
	{"login_throttle", "key", NULL, 0},
	{"plans", "id", NULL, 1},
	{"plan_coordinators", "plan_id, organization_id", NULL, 0},
	{"plan_objectives", "id", NULL, 1},
	{"audit_log", "id", NULL, 1},
	/* 002_reports.sql */
	{"indicators", "id", "numerator_id,denominator_id", 1},
	{"targets", "id", NULL, 1},
	{"target_history", "id", NULL, 1},
	{"plan_rules", "plan_id", NULL, 0},
	{"reports", "id", NULL, 1},
	{"report_values", "report_id, indicator_id", NULL, 0},
	{"report_events", "id", NULL, 1},
	{"evidence_files", "id", NULL, 1},
	/* 003_followup.sql */
	{"tasks", "id", NULL, 1},
	{"task_coordinators", "task_id, organization_id", NULL, 0},
	{"task_extensions", "id", NULL, 1},
	{"task_comments", "id", NULL, 1},
	{"documents", "id", NULL, 1},
	{"budgets", "id", NULL, 1},
	{"inspections", "id", NULL, 1},
	{"findings", "id", NULL, 1},
	{"models", "id", "replicates_id", 1},
	{"activities", "id", NULL, 1},
	{"notifications", "id", NULL, 1},
	{"attachments", "id", NULL, 1},
	/* 005_evaluation.sql */
	{"plan_score_config", "plan_id", NULL, 0},
	/* 006_registers.sql */
	{"register_types", "id", NULL, 1},
	{"register_schemas", "type_id, schema_version", NULL, 0},
	{"register_records", "id", NULL, 1},
	{"register_files", "id", NULL, 1},
	/* 007_unit_history.sql */
	{"unit_reforms", "id", NULL, 1},
	{"unit_successions", "id", NULL, 1},
	{"unit_transfers", "id", NULL, 1},
};

const size_t store_tables_count = sizeof store_tables / sizeof store_tables[0];
