/* documents.c — leadership documents: scoped lists (late ones on request), counts
 * for the plan page, one document, create and update. Lateness is judged by
 * core/followup.h from issued_on and due_on. */
#include "store/documents.h"
#include "core/clock.h"
#include "core/followup.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const document_kinds[] = {"nghi_quyet", "chi_thi",  "ke_hoach", "quyet_dinh",
				      "huong_dan",  "bao_cao",  "cong_van", "ket_luan",
				      "thong_bao",  "other",    NULL};

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

#define DOC_COLS                                                                           \
	"t.id, t.plan_id, p.code, p.title, t.number, t.kind, t.title, t.issuer_id, o.name,"  \
	" un.code, un.name, t.issued_on, t.due_on, t.summary, t.version, t.created_at,"     \
	" t.updated_at"
#define DOC_FROM                                                                           \
	" FROM documents t LEFT JOIN plans p ON p.id = t.plan_id"                           \
	" JOIN organizations o ON o.id = t.issuer_id JOIN org_units un ON un.id = t.unit_id"

/* Filters: scope (4), plan (2), issuer (2), year (2), kind (2), late (1). */
#define DOC_WHERE                                                                          \
	" WHERE" PF_SCOPE_WHERE                                                             \
	" AND (CAST(? AS INTEGER) IS NULL OR t.plan_id = ?)"                                \
	" AND (CAST(? AS INTEGER) IS NULL OR t.issuer_id = ?)"                              \
	" AND (CAST(? AS TEXT) IS NULL OR t.issued_on LIKE (? || '-%'))"                    \
	" AND (CAST(? AS TEXT) IS NULL OR t.kind = ?)"                                      \
	" AND (? = 0 OR (t.due_on IS NOT NULL AND t.issued_on > t.due_on))"

static void bind_doc_filters(sqlbind *b, const pf_filter *g, const char *kind, int late)
{
	char ybuf[8];
	const char *year = pf_year_text(g, ybuf);
	pf_bind_scope(b, g);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_plan, g->plan_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_opt_int(b, g->has_org, g->org_id);
	sb_text(b, year);
	sb_text(b, year);
	sb_text(b, kind);
	sb_text(b, kind);
	sb_int(b, late);
}

static json_t *doc_row_json(db_stmt *s, const void *ctx)
{
	(void)ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", store_col_int(s, 1));
	if (db_col_is_null(s, 1)) {
		json_object_set_new(o, "plan", json_null());
	} else {
		json_t *p = json_object();
		json_object_set_new(p, "id", json_integer(db_col_int(s, 1)));
		json_object_set_new(p, "code", store_col_str(s, 2));
		json_object_set_new(p, "title", store_col_str(s, 3));
		json_object_set_new(o, "plan", p);
	}
	json_object_set_new(o, "number", store_col_str(s, 4));
	json_object_set_new(o, "kind", store_col_str(s, 5));
	json_object_set_new(o, "title", store_col_str(s, 6));
	json_object_set_new(o, "issuer_id", json_integer(db_col_int(s, 7)));
	json_t *iss = json_object();
	json_object_set_new(iss, "id", json_integer(db_col_int(s, 7)));
	json_object_set_new(iss, "name", store_col_str(s, 8));
	json_object_set_new(o, "issuer", iss);
	json_object_set_new(o, "unit", store_col_str(s, 9));
	json_object_set_new(o, "unit_name", store_col_str(s, 10));
	json_object_set_new(o, "issued_on", store_col_str(s, 11));
	json_object_set_new(o, "due_on", store_col_str(s, 12));
	document_state st;
	if (followup_document(db_col_text(s, 11), db_col_text(s, 12), &st) == TD_OK) {
		json_object_set_new(o, "late", json_boolean(st.late));
		json_object_set_new(o, "days_late", json_integer(st.days_late));
	} else {
		json_object_set_new(o, "late", json_null());
		json_object_set_new(o, "days_late", json_null());
	}
	json_object_set_new(o, "summary", store_col_str(s, 13));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 14)));
	json_object_set_new(o, "created_at", store_col_str(s, 15));
	json_object_set_new(o, "updated_at", store_col_str(s, 16));
	return o;
}

static const char *SQL_DOCS_LIST =
	"SELECT " DOC_COLS DOC_FROM DOC_WHERE
	" ORDER BY t.issued_on DESC, t.id DESC LIMIT ? OFFSET ?";
/* The count and, of those, the late ones. */
static const char *SQL_DOCS_COUNT =
	"SELECT COUNT(*), SUM(CASE WHEN t.due_on IS NOT NULL AND t.issued_on > t.due_on"
	" THEN 1 ELSE 0 END) FROM documents t JOIN org_units un ON un.id = t.unit_id" DOC_WHERE;

static tderr doc_counts(db *d, const pf_filter *g, const char *kind, int late_only,
			int64_t *total, int64_t *late)
{
	db_stmt *s = db_prepare(d, SQL_DOCS_COUNT);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	bind_doc_filters(&b, g, kind, late_only);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	*total = rc == DB_ROW ? db_col_int(s, 0) : 0;
	if (late)
		*late = rc == DB_ROW ? db_col_int(s, 1) : 0;
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr documents_counts(db *d, const pf_filter *f, int64_t *total, int64_t *late)
{
	return doc_counts(d, f, NULL, 0, total, late);
}

tderr documents_list(db *d, const document_filter *f, json_t **items, int64_t *total)
{
	char *folded = NULL;
	tderr e = pf_fold_query(&f->base, &folded);
	if (e)
		return e;
	if (!folded && (e = doc_counts(d, &f->base, f->kind, f->late_only, total, NULL)))
		return e;
	db_stmt *s = db_prepare(d, SQL_DOCS_LIST);
	if (!s) {
		free(folded);
		return TD_EINTERNAL;
	}
	sqlbind b = sb_start(s);
	bind_doc_filters(&b, &f->base, f->kind, f->late_only);
	sb_int(&b, folded ? PF_SCAN_MAX : f->base.limit);
	sb_int(&b, folded ? 0 : f->base.offset);
	static const int text_cols[] = {6, 4};
	json_t *arr = json_array();
	e = pf_collect(s, doc_row_json, NULL, text_cols, 2, folded, f->base.limit, f->base.offset,
		       arr, total);
	free(folded);
	if (e) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_DOC_GET = "SELECT " DOC_COLS DOC_FROM " WHERE t.id = ?";

tderr documents_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_DOC_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = doc_row_json(s, NULL);
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_DOC_FACTS =
	"SELECT t.plan_id, p.owner_id, t.issuer_id, t.version, un.path FROM documents t"
	" LEFT JOIN plans p ON p.id = t.plan_id JOIN org_units un ON un.id = t.unit_id"
	" WHERE t.id = ?";

tderr documents_facts(db *d, int64_t id, document_facts *out)
{
	db_stmt *s = db_prepare(d, SQL_DOC_FACTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->has_plan = !db_col_is_null(s, 0);
		out->plan_id = db_col_int(s, 0);
		out->plan_owner = db_col_int(s, 1);
		out->issuer_id = db_col_int(s, 2);
		out->version = db_col_int(s, 3);
		const char *path = db_col_text(s, 4);
		snprintf(out->unit_path, sizeof out->unit_path, "%s", path ? path : "");
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_DOC_INSERT =
	"INSERT INTO documents(plan_id, number, kind, title, issuer_id, unit_id, issued_on,"
	" due_on, summary, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr documents_create(db *d, const document_input *in, int64_t *id, td_error *e)
{
	(void)e;
	char *number = NULL, *title = NULL, *summary = NULL;
	tderr err;
	if ((err = pf_nfc(in->number, &number)) || (err = pf_nfc(in->title, &title)) ||
	    (err = pf_nfc(in->summary, &summary)))
		goto out;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_DOC_INSERT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_opt_int(&b, in->set_plan && in->plan_id > 0, in->plan_id);
	sb_text(&b, number);
	sb_text(&b, in->kind);
	sb_text(&b, title);
	sb_int(&b, in->issuer_id);
	sb_int(&b, in->unit_id);
	sb_text(&b, in->issued_on);
	sb_text(&b, in->set_due ? in->due_on : NULL);
	sb_text(&b, summary ? summary : "");
	sb_text(&b, now);
	sb_text(&b, now);
	err = store_one_int(s, id);
out:
	free(number);
	free(title);
	free(summary);
	return err;
}

static const char *SQL_DOC_UPDATE =
	"UPDATE documents SET plan_id = CASE WHEN ? = 1 THEN ? ELSE plan_id END,"
	" number = COALESCE(?, number), kind = COALESCE(?, kind), title = COALESCE(?, title),"
	" issuer_id = COALESCE(?, issuer_id), unit_id = COALESCE(?, unit_id),"
	" issued_on = COALESCE(?, issued_on), due_on = CASE WHEN ? = 1 THEN ? ELSE due_on END,"
	" summary = COALESCE(?, summary), version = version + 1, updated_at = ?"
	" WHERE id = ? AND version = ?";

tderr documents_update(db *d, int64_t id, const document_input *in, td_error *e)
{
	document_facts f = {0};
	tderr err = documents_facts(d, id, &f);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy văn bản", NULL);
	if (err)
		return err;
	if (f.version != in->version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Văn bản đã được người khác sửa, vui lòng tải lại", "version");
	char *number = NULL, *title = NULL, *summary = NULL;
	if ((err = pf_nfc(in->number, &number)) || (err = pf_nfc(in->title, &title)) ||
	    (err = pf_nfc(in->summary, &summary)))
		goto out;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = db_prepare(d, SQL_DOC_UPDATE);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	sb_int(&b, in->set_plan);
	sb_opt_int(&b, in->set_plan && in->plan_id > 0, in->plan_id);
	sb_text(&b, number);
	sb_text(&b, in->kind);
	sb_text(&b, title);
	sb_opt_int(&b, in->issuer_id > 0, in->issuer_id);
	sb_opt_int(&b, in->unit_id > 0, in->unit_id);
	sb_text(&b, in->issued_on);
	sb_int(&b, in->set_due);
	sb_text(&b, in->set_due ? in->due_on : NULL);
	sb_text(&b, summary);
	sb_text(&b, now);
	sb_int(&b, id);
	sb_int(&b, in->version);
	err = store_exec(s);
out:
	free(number);
	free(title);
	free(summary);
	return err;
}
