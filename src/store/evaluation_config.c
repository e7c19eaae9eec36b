/* evaluation_config.c — a plan's scoring configuration (plan_score_config): read
 * with the defaults standing in for a missing row, shown in the API's shape, and
 * written under optimistic versioning (the defaults are version 1). */
#include "core/clock.h"
#include "store/evaluation.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <math.h>
#include <string.h>

static const char *SQL_PLAN_EXISTS = "SELECT COUNT(*) FROM plans WHERE id = ?";

static const char *SQL_CONFIG_GET =
	"SELECT c.w_indicators, c.w_tasks, c.w_reports, c.w_budget, c.w_findings,"
	" c.achievement_cap, c.grade_excellent, c.grade_good, c.grade_pass, c.version,"
	" c.updated_at, u.id, u.full_name FROM plan_score_config c"
	" LEFT JOIN users u ON u.id = c.updated_by WHERE c.plan_id = ?";

static json_t *meta_json(int custom, int64_t version, json_t *updated_at, json_t *updated_by)
{
	json_t *m = json_object();
	json_object_set_new(m, "custom", json_boolean(custom));
	json_object_set_new(m, "version", json_integer(version));
	json_object_set_new(m, "updated_at", updated_at ? updated_at : json_null());
	json_object_set_new(m, "updated_by", updated_by ? updated_by : json_null());
	return m;
}

tderr eval_config_get(db *d, int64_t plan_id, score_config *c, json_t **meta)
{
	*c = score_default_config();
	if (meta)
		*meta = NULL;
	db_stmt *s = db_prepare(d, SQL_PLAN_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	if (e)
		return e;
	if (n == 0)
		return TD_ENOTFOUND;
	if (!(s = db_prepare(d, SQL_CONFIG_GET)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		score_config x = {0};
		for (int i = 0; i < SCORE_COMPONENTS; i++)
			x.weights[i] = (int)db_col_int(s, i);
		x.cap = db_col_double(s, 5);
		x.excellent = db_col_double(s, 6);
		x.good = db_col_double(s, 7);
		x.pass = db_col_double(s, 8);
		/* a row the checks would refuse (edited by hand) falls back to the defaults */
		if (score_config_check(&x, NULL) == TD_OK)
			*c = x;
		if (meta) {
			json_t *by = NULL;
			if (!db_col_is_null(s, 11)) {
				by = json_object();
				json_object_set_new(by, "id", json_integer(db_col_int(s, 11)));
				json_object_set_new(by, "full_name", store_col_str(s, 12));
			}
			*meta = meta_json(1, db_col_int(s, 9), store_col_str(s, 10), by);
		}
	} else if (rc == DB_DONE && meta) {
		*meta = meta_json(0, 1, NULL, NULL);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* A threshold or cap: whole numbers as integers. */
static json_t *number(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *eval_config_json(int64_t plan_id, const score_config *c, json_t *meta)
{
	json_t *o = json_object();
	json_object_set_new(o, "plan_id", json_integer(plan_id));
	json_t *w = json_object();
	for (int i = 0; i < SCORE_COMPONENTS; i++)
		json_object_set_new(w, score_component_names[i], json_integer(c->weights[i]));
	json_object_set_new(o, "weights", w);
	json_object_set_new(o, "achievement_cap", number(c->cap));
	json_object_set_new(o, "thresholds",
			    json_pack("{s:o,s:o,s:o}", "excellent", number(c->excellent), "good",
				      number(c->good), "pass", number(c->pass)));
	json_t *grades = json_array();
	const double mins[] = {c->excellent, c->good, c->pass, 0};
	for (int g = SCORE_GRADE_EXCELLENT; g <= SCORE_GRADE_FAIL; g++)
		json_array_append_new(grades,
				      json_pack("{s:s,s:s,s:o}", "grade", score_grade_code((score_grade)g),
						"label", score_grade_label((score_grade)g), "min",
						number(mins[g - SCORE_GRADE_EXCELLENT])));
	json_object_set_new(o, "grades", grades);
	if (meta)
		json_object_update(o, meta);
	return o;
}

static const char *SQL_CONFIG_VERSION =
	"SELECT version FROM plan_score_config WHERE plan_id = ?";
static const char *SQL_CONFIG_INSERT =
	"INSERT INTO plan_score_config(plan_id, w_indicators, w_tasks, w_reports, w_budget,"
	" w_findings, achievement_cap, grade_excellent, grade_good, grade_pass, version,"
	" updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?)";
static const char *SQL_CONFIG_UPDATE =
	"UPDATE plan_score_config SET w_indicators = ?, w_tasks = ?, w_reports = ?,"
	" w_budget = ?, w_findings = ?, achievement_cap = ?, grade_excellent = ?,"
	" grade_good = ?, grade_pass = ?, version = version + 1, updated_at = ?,"
	" updated_by = ? WHERE plan_id = ? AND version = ?";

static void bind_config(sqlbind *b, const score_config *c)
{
	for (int i = 0; i < SCORE_COMPONENTS; i++)
		sb_int(b, c->weights[i]);
	db_bind_double(b->s, ++b->i, c->cap);
	db_bind_double(b->s, ++b->i, c->excellent);
	db_bind_double(b->s, ++b->i, c->good);
	db_bind_double(b->s, ++b->i, c->pass);
}

tderr eval_config_put(db *d, int64_t plan_id, const score_config *c, int64_t version,
		      int64_t user_id, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_CONFIG_VERSION);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	int64_t current = 1;
	tderr err = store_one_int(s, &current);
	int exists = err == TD_OK;
	if (err && err != TD_ENOTFOUND)
		return err;
	if (version != current) {
		if (e)
			*e = (td_error){TD_ECONFLICT, "stale_version",
					"Cấu hình đã được người khác sửa: hãy tải lại rồi sửa tiếp",
					"version"};
		return TD_ECONFLICT;
	}
	char now[PERIOD_DATETIME_SIZE];
	clock_iso(now, sizeof now);
	if (!(s = db_prepare(d, exists ? SQL_CONFIG_UPDATE : SQL_CONFIG_INSERT)))
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	if (!exists)
		sb_int(&b, plan_id);
	bind_config(&b, c);
	sb_text(&b, now);
	sb_opt_int(&b, user_id > 0, user_id);
	if (exists) {
		sb_int(&b, plan_id);
		sb_int(&b, version);
	}
	return store_exec(s);
}
