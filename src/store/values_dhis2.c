/* values_dhis2.c — DHIS2 dataValueSets in and out: a document's data values handed
 * to the import engine (core/dhis2.h reads them), and the export of a plan's
 * approved values. */
#include "store/values_import_int.h"
#include "core/dhis2.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <string.h>

static const char *SQL_PLAN_BY_CODE = "SELECT id FROM plans WHERE code = ?";

tderr values_plan_by_code(db *d, const char *code, int64_t *id)
{
	db_stmt *s = db_prepare(d, SQL_PLAN_BY_CODE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_text(s, 1, code);
	return store_one_int(s, id);
}

typedef struct dhis2_ctx {
	values_engine *g;
	const char *plan;
} dhis2_ctx;

static int on_dhis2_value(void *ctx, const dhis2_value *v)
{
	dhis2_ctx *x = ctx;
	values_row r = {.line = v->line,
		  .index = (long)v->index,
		  .f = {x->plan, v->data_element, v->org_unit, v->period, v->value},
		  .comment = v->comment,
		  .deleted = v->deleted,
		  .names = values_dhis2_names};
	values_engine_row(x->g, &r);
	return values_engine_stopped(x->g);
}

tderr values_import_dhis2(db *d, const values_import_opts *o, const char *plan_code,
			  const char *buf, size_t len, values_import_result *out, td_error *te)
{
	int64_t plan_id = 0;
	tderr e = plan_code ? values_plan_by_code(d, plan_code, &plan_id) : TD_ENOTFOUND;
	memset(out, 0, sizeof *out);
	out->dry_run = o->dry_run;
	if (e == TD_ENOTFOUND) {
		if (te)
			*te = (td_error){TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan"};
		return TD_EINVALID;
	}
	if (e)
		return e;
	values_engine *g = NULL;
	if ((e = values_engine_start(d, o, out, &g))) {
		values_import_result_free(out);
		out->dry_run = o->dry_run;
		return e;
	}
	dhis2_ctx x = {g, plan_code};
	dhis2_error de;
	e = dhis2_parse(buf, len, on_dhis2_value, &x, &de);
	if (e == TD_EINVALID) {
		values_row r = {.line = de.line, .index = -1, .names = values_dhis2_names};
		values_engine_fail(g, &r, "bad_document", "%s", de.message);
	} else if (e) {
		values_engine_fatal(g, e);
	}
	if ((e = values_engine_finish(g))) {
		values_import_result_free(out);
		out->dry_run = o->dry_run;
	}
	return e;
}

/* ---- DHIS2 export ---- */

static const char *SQL_EXPORT =
	"SELECT i.code, r.period, un.code, un.path, v.value, v.comment FROM reports r"
	" JOIN report_values v ON v.report_id = r.id JOIN indicators i ON i.id = v.indicator_id"
	" JOIN org_units un ON un.id = r.unit_id WHERE r.plan_id = ? AND r.status = 'approved'"
	" AND v.value IS NOT NULL AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"
	" ORDER BY un.code, r.period, i.position, i.id";

tderr values_export_dhis2(db *d, const values_export_filter *f, json_t **out)
{
	*out = NULL;
	if (!f || !f->viewer)
		return TD_EINVALID;
	json_t *doc = dhis2_doc_new();
	db_stmt *s = doc ? db_prepare(d, SQL_EXPORT) : NULL;
	if (!s) {
		json_decref(doc);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	sb_int(&b, f->plan_id);
	sb_text(&b, f->unit_path);
	sb_text(&b, f->unit_path);
	tderr e = TD_OK;
	int rc;
	size_t n = 0;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		period p;
		if (period_parse(db_col_text(s, 1), &p) || (f->p && !period_contains(f->p, &p)) ||
		    !scope_can_read_unit(f->viewer, db_col_text(s, 3)))
			continue;
		int k = dhis2_doc_add(doc, db_col_text(s, 0), &p, db_col_text(s, 2),
				      db_col_double(s, 4), db_col_text(s, 5));
		if (k < 0 || (n += (size_t)k) > VALUES_EXPORT_MAX) {
			rc = -1;
			e = k < 0 ? TD_EINTERNAL : TD_ETOOLARGE;
			break;
		}
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(doc);
		return e;
	}
	*out = doc;
	return TD_OK;
}
