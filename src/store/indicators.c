/* indicators.c — queries and checks for the indicators of a plan: the list in
 * plan order, one indicator as JSON or in typed form, and create/update with the
 * rules that keep ratios computable (parts of the same plan, added up by sum). */
#include "store/indicators.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

static tderr set_err(td_error *e, tderr kind, const char *code, const char *msg,
		     const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

static const char *SQL_IND_PLAN_OF = "SELECT plan_id FROM indicators WHERE id = ?";

tderr indicators_plan_of(db *d, int64_t indicator_id, int64_t *plan_id)
{
	db_stmt *s = db_prepare(d, SQL_IND_PLAN_OF);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, indicator_id);
	return store_one_int(s, plan_id);
}

#define IND_COLS                                                                           \
	"i.id, i.plan_id, i.objective_id, i.code, i.name, i.unit_label, i.value_type,"      \
	" i.time_agg, i.unit_agg, i.numerator_id, i.denominator_id, i.direction,"           \
	" i.frequency, i.decimals, i.min_value, i.max_value, i.formula, i.position,"        \
	" i.version, i.created_at, i.updated_at"

static json_t *col_real(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : json_real(db_col_double(s, col));
}

static json_t *ind_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", json_integer(db_col_int(s, 1)));
	json_object_set_new(o, "objective_id", store_col_int(s, 2));
	json_object_set_new(o, "code", store_col_str(s, 3));
	json_object_set_new(o, "name", store_col_str(s, 4));
	json_object_set_new(o, "unit_label", store_col_str(s, 5));
	json_object_set_new(o, "value_type", store_col_str(s, 6));
	json_object_set_new(o, "time_agg", store_col_str(s, 7));
	json_object_set_new(o, "unit_agg", store_col_str(s, 8));
	json_object_set_new(o, "numerator_id", store_col_int(s, 9));
	json_object_set_new(o, "denominator_id", store_col_int(s, 10));
	json_object_set_new(o, "direction", store_col_str(s, 11));
	json_object_set_new(o, "frequency", store_col_str(s, 12));
	json_object_set_new(o, "decimals", json_integer(db_col_int(s, 13)));
	json_object_set_new(o, "min", col_real(s, 14));
	json_object_set_new(o, "max", col_real(s, 15));
	json_object_set_new(o, "formula", store_col_str(s, 16));
	json_object_set_new(o, "position", json_integer(db_col_int(s, 17)));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 18)));
	json_object_set_new(o, "created_at", store_col_str(s, 19));
	json_object_set_new(o, "updated_at", store_col_str(s, 20));
	return o;
}

static const char *SQL_IND_INFO = "SELECT " IND_COLS " FROM indicators i WHERE i.id = ?";

tderr indicators_info(db *d, int64_t id, indicator_info *out)
{
	db_stmt *s = db_prepare(d, SQL_IND_INFO);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		indicator_info x = {0};
		x.id = db_col_int(s, 0);
		x.plan_id = db_col_int(s, 1);
		x.rules.type = indicator_value_type_from_name(db_col_text(s, 6));
		x.time_agg = indicator_time_agg_from_name(db_col_text(s, 7));
		x.unit_agg = indicator_unit_agg_from_name(db_col_text(s, 8));
		x.numerator_id = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9);
		x.denominator_id = db_col_is_null(s, 10) ? 0 : db_col_int(s, 10);
		x.direction = indicator_direction_from_name(db_col_text(s, 11));
		x.frequency = indicator_frequency_from_name(db_col_text(s, 12));
		x.rules.decimals = (int)db_col_int(s, 13);
		x.rules.has_min = !db_col_is_null(s, 14);
		x.rules.min = x.rules.has_min ? db_col_double(s, 14) : 0.0;
		x.rules.has_max = !db_col_is_null(s, 15);
		x.rules.max = x.rules.has_max ? db_col_double(s, 15) : 0.0;
		x.version = db_col_int(s, 18);
		if (!x.rules.type || !x.time_agg || !x.unit_agg || !x.direction || !x.frequency)
			rc = -1, e = TD_EINTERNAL;
		else
			*out = x;
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* Filters: plan (1), frequency (2). */
#define IND_WHERE " WHERE i.plan_id = ? AND (CAST(? AS TEXT) IS NULL OR i.frequency = ?)"

static const char *SQL_IND_LIST =
	"SELECT " IND_COLS " FROM indicators i" IND_WHERE
	" ORDER BY i.position, i.id LIMIT ? OFFSET ?";
static const char *SQL_IND_COUNT = "SELECT COUNT(*) FROM indicators i" IND_WHERE;

tderr indicators_list(db *d, int64_t plan_id, const indicator_filter *f, json_t **items,
		      int64_t *total)
{
	const char *freq = f->frequency ? period_kind_name(f->frequency) : NULL;
	db_stmt *s = db_prepare(d, SQL_IND_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_int(&b, plan_id);
	sb_text(&b, freq);
	sb_text(&b, freq);
	tderr e = store_one_int(s, total);
	if (e)
		return e;
	if (!(s = db_prepare(d, SQL_IND_LIST)))
		return TD_EINTERNAL;
	b = sb_start(s);
	sb_int(&b, plan_id);
	sb_text(&b, freq);
	sb_text(&b, freq);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, ind_row_json(s));
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

tderr indicators_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_IND_INFO);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = ind_row_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- writes ---- */

/* The indicator as it will be stored: kinds as static names of core/indicator.h. */
typedef struct ind_state {
	int64_t plan_id;
	const char *value_type, *time_agg, *unit_agg, *direction, *frequency;
	int64_t objective_id, numerator_id, denominator_id;  /* 0 = none */
	int64_t decimals;
	int has_min, has_max;
	double min, max;
	int64_t position;
	int64_t version;
} ind_state;

/* A new indicator: decimal, summed over time and units, higher is better, monthly. */
#define IND_DEFAULTS                                                                       \
	{.value_type = "decimal", .time_agg = "sum", .unit_agg = "sum", .direction = "up",  \
	 .frequency = "month", .decimals = 2, .version = 1}

static const char *SQL_IND_STATE =
	"SELECT plan_id, value_type, time_agg, unit_agg, direction, frequency, objective_id,"
	" numerator_id, denominator_id, decimals, min_value, max_value, position, version"
	" FROM indicators WHERE id = ?";

static tderr load_state(db *d, int64_t id, ind_state *st)
{
	db_stmt *s = db_prepare(d, SQL_IND_STATE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		st->plan_id = db_col_int(s, 0);
		st->value_type = indicator_value_type_name(indicator_value_type_from_name(db_col_text(s, 1)));
		st->time_agg = indicator_time_agg_name(indicator_time_agg_from_name(db_col_text(s, 2)));
		st->unit_agg = indicator_unit_agg_name(indicator_unit_agg_from_name(db_col_text(s, 3)));
		st->direction = indicator_direction_name(indicator_direction_from_name(db_col_text(s, 4)));
		st->frequency = period_kind_name(indicator_frequency_from_name(db_col_text(s, 5)));
		st->objective_id = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
		st->numerator_id = db_col_is_null(s, 7) ? 0 : db_col_int(s, 7);
		st->denominator_id = db_col_is_null(s, 8) ? 0 : db_col_int(s, 8);
		st->decimals = db_col_int(s, 9);
		st->has_min = !db_col_is_null(s, 10);
		st->min = st->has_min ? db_col_double(s, 10) : 0.0;
		st->has_max = !db_col_is_null(s, 11);
		st->max = st->has_max ? db_col_double(s, 11) : 0.0;
		st->position = db_col_int(s, 12);
		st->version = db_col_int(s, 13);
		if (!st->value_type || !st->time_agg || !st->unit_agg || !st->direction ||
		    !st->frequency)
			rc = -1, e = TD_EINTERNAL;
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static int valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > INDICATOR_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '.' || s[i] == '-'))
			return 0;
	return 1;
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == 0;
}

/* Takes the named kind from the input when given; static name kept in *slot. */
static tderr merge_kind(const char *given, const char *const *names, const char **slot,
			const char *field, td_error *e)
{
	if (!given)
		return TD_OK;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], given) == 0) {
			*slot = names[i];
			return TD_OK;
		}
	return set_err(e, TD_EINVALID, "invalid_choice", "Giá trị không thuộc danh sách cho phép",
		       field);
}

static int whole_type(const char *value_type)
{
	return strcmp(value_type, "integer") == 0 || strcmp(value_type, "boolean") == 0;
}

/* Applies the input's fields (those independent of other rows) to st. */
static tderr merge_fields(const indicator_input *in, int create, ind_state *st, td_error *e)
{
	if (in->code && !valid_code(in->code))
		return set_err(e, TD_EINVALID, "bad_code",
			       "Mã chỉ tiêu chỉ gồm chữ in hoa không dấu, chữ số và các dấu _ . - (tối đa 32 ký tự)",
			       "code");
	if (in->name && blank(in->name))
		return set_err(e, TD_EINVALID, "required", "Trường bắt buộc", "name");
	const char *old_type = st->value_type;
	tderr err;
	if ((err = merge_kind(in->value_type, indicator_value_types, &st->value_type, "value_type", e)) ||
	    (err = merge_kind(in->time_agg, indicator_time_aggs, &st->time_agg, "time_agg", e)) ||
	    (err = merge_kind(in->unit_agg, indicator_unit_aggs, &st->unit_agg, "unit_agg", e)) ||
	    (err = merge_kind(in->direction, indicator_directions, &st->direction, "direction", e)) ||
	    (err = merge_kind(in->frequency, indicator_frequencies, &st->frequency, "frequency", e)))
		return err;
	if (in->has_decimals) {
		if (in->decimals < 0 || in->decimals > INDICATOR_DECIMALS_MAX)
			return set_err(e, TD_EINVALID, "out_of_range", "Số chữ số thập phân từ 0 đến 6",
				       "decimals");
		if (in->decimals > 0 && whole_type(st->value_type))
			return set_err(e, TD_EINVALID, "no_decimals",
				       "Chỉ tiêu số nguyên hoặc đạt/không đạt không có chữ số thập phân",
				       "decimals");
		st->decimals = in->decimals;
	} else if (create || strcmp(old_type, st->value_type) != 0) {
		st->decimals = whole_type(st->value_type) ? 0 : 2;
	}
	if (in->set_min) {
		st->has_min = in->has_min;
		st->min = in->has_min ? in->min : 0.0;
	}
	if (in->set_max) {
		st->has_max = in->has_max;
		st->max = in->has_max ? in->max : 0.0;
	}
	if (st->has_min && st->has_max && st->min > st->max)
		return set_err(e, TD_EINVALID, "bad_bounds",
			       "Giá trị tối đa không được nhỏ hơn giá trị tối thiểu", "max");
	if (in->has_position) {
		if (in->position < 0 || in->position > INDICATOR_POSITION_MAX)
			return set_err(e, TD_EINVALID, "out_of_range", "Giá trị nằm ngoài khoảng cho phép",
				       "position");
		st->position = in->position;
	}
	if (in->set_objective)
		st->objective_id = in->objective_id;
	if (in->set_numerator)
		st->numerator_id = in->numerator_id;
	if (in->set_denominator)
		st->denominator_id = in->denominator_id;
	return TD_OK;
}

static const char *SQL_IND_CODE_TAKEN =
	"SELECT COUNT(*) FROM indicators WHERE plan_id = ? AND code = ? AND id <> ?";

static tderr check_code_free(db *d, int64_t plan, const char *code, int64_t self, td_error *e)
{
	db_stmt *s = db_prepare(d, SQL_IND_CODE_TAKEN);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan);
	db_bind_text(s, 2, code);
	db_bind_int(s, 3, self);
	int64_t n = 0;
	tderr err = store_one_int(s, &n);
	if (err)
		return err;
	if (n > 0)
		return set_err(e, TD_ECONFLICT, "indicator_code_taken",
			       "Mã chỉ tiêu đã được dùng trong kế hoạch này", "code");
	return TD_OK;
}

static const char *SQL_OBJECTIVE_OF_PLAN =
	"SELECT COUNT(*) FROM plan_objectives WHERE id = ? AND plan_id = ?";

static const char *SQL_RATIO_PART = "SELECT plan_id, unit_agg FROM indicators WHERE id = ?";

/* A ratio part must be another sum indicator of the same plan. */
static tderr check_part(db *d, const ind_state *st, int64_t self, int64_t part,
			const char *field, td_error *e)
{
	if (part == self)
		return set_err(e, TD_EINVALID, "unknown_indicator",
			       "Chỉ tiêu tỷ lệ không thể tính từ chính nó", field);
	db_stmt *s = db_prepare(d, SQL_RATIO_PART);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, part);
	tderr err = TD_OK;
	int rc = db_step(s, &err);
	int64_t plan = 0;
	int is_sum = 0;
	if (rc == DB_ROW) {
		plan = db_col_int(s, 0);
		is_sum = indicator_unit_agg_from_name(db_col_text(s, 1)) == IND_UNIT_SUM;
	}
	db_reset(s);
	if (rc < 0)
		return err;
	if (rc != DB_ROW || plan != st->plan_id)
		return set_err(e, TD_EINVALID, "unknown_indicator",
			       "Không tìm thấy chỉ tiêu này trong cùng kế hoạch", field);
	if (!is_sum)
		return set_err(e, TD_EINVALID, "ratio_part_not_sum",
			       "Tử số và mẫu số phải là chỉ tiêu cộng dồn theo đơn vị (không phải tỷ lệ)",
			       field);
	return TD_OK;
}

static const char *SQL_IND_USED_IN_RATIO =
	"SELECT COUNT(*) FROM indicators WHERE numerator_id = ? OR denominator_id = ?";

/* Checks what depends on other rows: the objective and the ratio parts. */
static tderr check_links(db *d, ind_state *st, int64_t self, int became_ratio, td_error *e)
{
	tderr err;
	if (st->objective_id) {
		db_stmt *s = db_prepare(d, SQL_OBJECTIVE_OF_PLAN);
		if (!s)
			return TD_EINTERNAL;
		db_bind_int(s, 1, st->objective_id);
		db_bind_int(s, 2, st->plan_id);
		int64_t n = 0;
		if ((err = store_one_int(s, &n)))
			return err;
		if (n == 0)
			return set_err(e, TD_EINVALID, "unknown_objective",
				       "Mục tiêu không thuộc kế hoạch này", "objective_id");
	}
	if (strcmp(st->unit_agg, "ratio") != 0) {
		if (st->numerator_id || st->denominator_id)
			return set_err(e, TD_EINVALID, "not_ratio",
				       "Chỉ chỉ tiêu tỷ lệ (unit_agg = ratio) mới có tử số và mẫu số",
				       st->numerator_id ? "numerator_id" : "denominator_id");
		return TD_OK;
	}
	if (!st->numerator_id)
		return set_err(e, TD_EINVALID, "required", "Chỉ tiêu tỷ lệ cần chỉ tiêu tử số",
			       "numerator_id");
	if (!st->denominator_id)
		return set_err(e, TD_EINVALID, "required", "Chỉ tiêu tỷ lệ cần chỉ tiêu mẫu số",
			       "denominator_id");
	if (st->numerator_id == st->denominator_id)
		return set_err(e, TD_EINVALID, "same_ratio_parts",
			       "Tử số và mẫu số phải là hai chỉ tiêu khác nhau", "denominator_id");
	if ((err = check_part(d, st, self, st->numerator_id, "numerator_id", e)) ||
	    (err = check_part(d, st, self, st->denominator_id, "denominator_id", e)))
		return err;
	if (became_ratio && self) {
		db_stmt *s = db_prepare(d, SQL_IND_USED_IN_RATIO);
		if (!s)
			return TD_EINTERNAL;
		db_bind_int(s, 1, self);
		db_bind_int(s, 2, self);
		int64_t n = 0;
		if ((err = store_one_int(s, &n)))
			return err;
		if (n > 0)
			return set_err(e, TD_EINVALID, "used_in_ratio",
				       "Chỉ tiêu đang là tử số hoặc mẫu số của một chỉ tiêu tỷ lệ", "unit_agg");
	}
	return TD_OK;
}

static void sb_opt_double(sqlbind *b, int present, double v)
{
	if (present)
		db_bind_double(b->s, ++b->i, v);
	else
		db_bind_null(b->s, ++b->i);
}

/* Binds the columns both writes share, in the order of SQL_IND_INSERT/UPDATE. */
static void bind_state(sqlbind *b, const ind_state *st)
{
	sb_text(b, st->value_type);
	sb_text(b, st->time_agg);
	sb_text(b, st->unit_agg);
	sb_opt_int(b, st->numerator_id != 0, st->numerator_id);
	sb_opt_int(b, st->denominator_id != 0, st->denominator_id);
	sb_text(b, st->direction);
	sb_text(b, st->frequency);
	sb_int(b, st->decimals);
	sb_opt_double(b, st->has_min, st->min);
	sb_opt_double(b, st->has_max, st->max);
	sb_int(b, st->position);
	sb_opt_int(b, st->objective_id != 0, st->objective_id);
}

/* NFC copies of the given texts (NULL stays NULL). TD_EINVALID for bad text. */
static tderr nfc_texts(const indicator_input *in, char **name, char **label)
{
	*name = *label = NULL;
	if (in->name && !(*name = vn_nfc(in->name)))
		return TD_EINVALID;
	if (in->unit_label && !(*label = vn_nfc(in->unit_label))) {
		free(*name);
		*name = NULL;
		return TD_EINVALID;
	}
	return TD_OK;
}

static const char *SQL_IND_PLAN_COUNT =
	"SELECT COUNT(*), COALESCE(MAX(position), 0) FROM indicators WHERE plan_id = ?";

static const char *SQL_IND_INSERT =
	"INSERT INTO indicators(plan_id, code, name, unit_label, value_type, time_agg, unit_agg,"
	" numerator_id, denominator_id, direction, frequency, decimals, min_value, max_value,"
	" position, objective_id, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr indicators_create(db *d, int64_t plan_id, const indicator_input *in, int64_t *id,
			td_error *e)
{
	ind_state st = IND_DEFAULTS;
	st.plan_id = plan_id;
	if (!in->code || !in->name)
		return set_err(e, TD_EINVALID, "required", "Trường bắt buộc", in->code ? "name" : "code");
	db_stmt *s = db_prepare(d, SQL_IND_PLAN_COUNT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, plan_id);
	tderr err = TD_OK;
	int rc = db_step(s, &err);
	int64_t count = 0, last = 0;
	if (rc == DB_ROW) {
		count = db_col_int(s, 0);
		last = db_col_int(s, 1);
	}
	db_reset(s);
	if (rc != DB_ROW)
		return rc < 0 ? err : TD_EINTERNAL;
	if (count >= INDICATORS_PER_PLAN_MAX)
		return set_err(e, TD_EINVALID, "too_many_indicators",
			       "Kế hoạch đã có tối đa 500 chỉ tiêu", NULL);
	st.position = last < INDICATOR_POSITION_MAX ? last + 1 : INDICATOR_POSITION_MAX;
	if ((err = merge_fields(in, 1, &st, e)) || (err = check_code_free(d, plan_id, in->code, 0, e)) ||
	    (err = check_links(d, &st, 0, 0, e)))
		return err;
	char *name, *label;
	if (nfc_texts(in, &name, &label))
		return set_err(e, TD_EINVALID, "invalid_text", "Văn bản không hợp lệ", "name");
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	if ((s = db_prepare(d, SQL_IND_INSERT))) {
		sqlbind b = sb_start(s);
		sb_int(&b, plan_id);
		sb_text(&b, in->code);
		sb_text(&b, name);
		sb_text(&b, label ? label : "");
		bind_state(&b, &st);
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
		if (err == TD_ECONFLICT) /* a concurrent insert of the same code */
			err = set_err(e, TD_ECONFLICT, "indicator_code_taken",
				      "Mã chỉ tiêu đã được dùng trong kế hoạch này", "code");
	}
	free(name);
	free(label);
	return err;
}

static const char *SQL_IND_UPDATE =
	"UPDATE indicators SET code = COALESCE(?, code), name = COALESCE(?, name),"
	" unit_label = COALESCE(?, unit_label), value_type = ?, time_agg = ?, unit_agg = ?,"
	" numerator_id = ?, denominator_id = ?, direction = ?, frequency = ?, decimals = ?,"
	" min_value = ?, max_value = ?, position = ?, objective_id = ?,"
	" version = version + 1, updated_at = ? WHERE id = ? AND version = ?";

tderr indicators_update(db *d, int64_t id, const indicator_input *in, td_error *e)
{
	ind_state st = IND_DEFAULTS;
	tderr err = load_state(d, id, &st);
	if (err == TD_ENOTFOUND)
		return set_err(e, TD_ENOTFOUND, "not_found", "Không tìm thấy chỉ tiêu", NULL);
	if (err)
		return err;
	if (in->has_version && in->version != st.version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Chỉ tiêu đã được người khác sửa, vui lòng tải lại", "version");
	int was_ratio = strcmp(st.unit_agg, "ratio") == 0;
	if ((err = merge_fields(in, 0, &st, e)))
		return err;
	int is_ratio = strcmp(st.unit_agg, "ratio") == 0;
	if (was_ratio && !is_ratio && !in->set_numerator && !in->set_denominator)
		st.numerator_id = st.denominator_id = 0; /* a sum indicator has no parts */
	if ((in->code && (err = check_code_free(d, st.plan_id, in->code, id, e))) ||
	    (err = check_links(d, &st, id, is_ratio && !was_ratio, e)))
		return err;
	char *name, *label;
	if (nfc_texts(in, &name, &label))
		return set_err(e, TD_EINVALID, "invalid_text", "Văn bản không hợp lệ", "name");
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_IND_UPDATE);
	if (s) {
		sqlbind b = sb_start(s);
		sb_text(&b, in->code);
		sb_text(&b, name);
		sb_text(&b, label);
		bind_state(&b, &st);
		sb_text(&b, now);
		sb_int(&b, id);
		sb_int(&b, st.version);
		err = store_exec(s);
		if (err == TD_ECONFLICT)
			err = set_err(e, TD_ECONFLICT, "indicator_code_taken",
				      "Mã chỉ tiêu đã được dùng trong kế hoạch này", "code");
	}
	free(name);
	free(label);
	return err;
}
