/* models.c — pilot models and their replication: visible lists, one model with
 * its depth and the size of its replication tree, the line up to the original
 * (cycle checks), the whole tree, counts per unit, create and update. */
#include "store/models.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include "store/textkey.h"
#include <stdio.h>
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

#define MODEL_COLS                                                                         \
	"m.id, m.plan_id, p.code, p.title, un.code, un.name, m.organization_id, o.name,"    \
	" m.name, m.kind, m.started_on, m.results, m.replicates_id, rm.name, m.recognized," \
	" m.recognized_on, m.version, m.created_at, m.updated_at"
#define MODEL_FROM                                                                         \
	" FROM models m JOIN plans p ON p.id = m.plan_id"                                   \
	" JOIN org_units un ON un.id = m.unit_id"                                           \
	" LEFT JOIN organizations o ON o.id = m.organization_id"                            \
	" LEFT JOIN models rm ON rm.id = m.replicates_id"

static json_t *ref_json(db_stmt *s, int col)
{
	if (db_col_is_null(s, col))
		return json_null();
	return json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, col), "name",
			 store_col_str(s, col + 1));
}

static json_t *model_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "plan_id", json_integer(db_col_int(s, 1)));
	json_object_set_new(o, "plan", json_pack("{s:I,s:o,s:o}", "id", (json_int_t)db_col_int(s, 1),
						 "code", store_col_str(s, 2), "title",
						 store_col_str(s, 3)));
	json_object_set_new(o, "unit", store_col_str(s, 4));
	json_object_set_new(o, "unit_name", store_col_str(s, 5));
	json_object_set_new(o, "organization_id", store_col_int(s, 6));
	json_object_set_new(o, "organization", ref_json(s, 6));
	json_object_set_new(o, "name", store_col_str(s, 8));
	json_object_set_new(o, "kind", store_col_str(s, 9));
	json_object_set_new(o, "started_on", store_col_str(s, 10));
	json_object_set_new(o, "results", store_col_str(s, 11));
	json_object_set_new(o, "replicates_id", store_col_int(s, 12));
	json_object_set_new(o, "replicates", ref_json(s, 12));
	json_object_set_new(o, "recognized", json_boolean(db_col_int(s, 14) != 0));
	json_object_set_new(o, "recognized_on", store_col_str(s, 15));
	json_object_set_new(o, "version", json_integer(db_col_int(s, 16)));
	json_object_set_new(o, "created_at", store_col_str(s, 17));
	json_object_set_new(o, "updated_at", store_col_str(s, 18));
	return o;
}

/* Models below id in its replication tree (the depth cap guards against a cycle
 * that writes never create). */
static const char *SQL_MODEL_DESCENDANTS =
	"WITH RECURSIVE t(id, n) AS (SELECT id, 1 FROM models WHERE replicates_id = ?"
	" UNION ALL SELECT m.id, t.n + 1 FROM models m JOIN t ON m.replicates_id = t.id"
	" WHERE t.n < 64) SELECT COUNT(*) FROM t";
/* id and the models above it, nearest first. */
static const char *SQL_MODEL_ANCESTORS =
	"WITH RECURSIVE a(id, parent, n) AS (SELECT id, replicates_id, 0 FROM models"
	" WHERE id = ? UNION ALL SELECT m.id, m.replicates_id, a.n + 1 FROM models m"
	" JOIN a ON m.id = a.parent WHERE a.n < 64) SELECT id, n FROM a ORDER BY n";

tderr models_lineage(db *d, int64_t id, int64_t probe, int *depth, int64_t *root,
		     int *contains)
{
	db_stmt *s = db_prepare(d, SQL_MODEL_ANCESTORS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	*depth = 0;
	*root = 0;
	*contains = 0;
	tderr e = TD_OK;
	int rc, rows = 0;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		rows++;
		int64_t m = db_col_int(s, 0);
		*depth = (int)db_col_int(s, 1);
		*root = m;
		if (m == probe)
			*contains = 1;
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rows ? TD_OK : TD_ENOTFOUND;
}

/* Adds "replications" and "depth" to the model object o. */
static tderr add_tree_counts(db *d, json_t *o)
{
	int64_t id = json_integer_value(json_object_get(o, "id"));
	db_stmt *s = db_prepare(d, SQL_MODEL_DESCENDANTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	if (e)
		return e;
	int depth = 0, contains = 0;
	int64_t root = 0;
	if ((e = models_lineage(d, id, 0, &depth, &root, &contains)))
		return e;
	json_object_set_new(o, "replications", json_integer(n));
	json_object_set_new(o, "depth", json_integer(depth));
	return TD_OK;
}

/* Filters: visibility (3), plan (2), unit (2), organization (2), replicates (2),
 * recognized (2), originals (1), year (2), q (3). */
#define MODEL_WHERE                                                                        \
	" WHERE (un.path LIKE (? || '%') OR ? LIKE (un.path || '%') OR m.organization_id = ?)" \
	" AND (CAST(? AS INTEGER) IS NULL OR m.plan_id = ?)"                                \
	" AND (CAST(? AS TEXT) IS NULL OR un.path LIKE (? || '%'))"                         \
	" AND (CAST(? AS INTEGER) IS NULL OR m.organization_id = ?)"                        \
	" AND (CAST(? AS INTEGER) IS NULL OR m.replicates_id = ?)"                          \
	" AND (CAST(? AS INTEGER) IS NULL OR m.recognized = ?)"                             \
	" AND (? = 0 OR m.replicates_id IS NULL)"                                           \
	" AND (CAST(? AS TEXT) IS NULL OR SUBSTR(m.started_on, 1, 4) = ?)"                  \
	" AND (CAST(? AS TEXT) IS NULL OR m.search LIKE ? ESCAPE '\\'"                      \
	"   OR LOWER(m.name) LIKE LOWER(?) ESCAPE '\\')"

static void bind_filters(sqlbind *b, const model_filter *f, const char *year, const char *raw,
			 const char *folded)
{
	sb_text(b, f->scope_path);
	sb_text(b, f->scope_path);
	sb_int(b, f->scope_org);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_opt_int(b, f->has_plan, f->plan_id);
	sb_text(b, f->unit_path);
	sb_text(b, f->unit_path);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_org, f->org_id);
	sb_opt_int(b, f->has_replicates, f->replicates_id);
	sb_opt_int(b, f->has_replicates, f->replicates_id);
	sb_opt_int(b, f->recognized >= 0, f->recognized);
	sb_opt_int(b, f->recognized >= 0, f->recognized);
	sb_int(b, f->originals ? 1 : 0);
	sb_text(b, year);
	sb_text(b, year);
	sb_text(b, raw);
	sb_text(b, folded);
	sb_text(b, raw);
}

static const char *SQL_MODELS_LIST = "SELECT " MODEL_COLS MODEL_FROM MODEL_WHERE
	" ORDER BY m.started_on DESC, m.id DESC LIMIT ? OFFSET ?";
static const char *SQL_MODELS_COUNT =
	"SELECT COUNT(*) FROM models m JOIN org_units un ON un.id = m.unit_id" MODEL_WHERE;

tderr models_list(db *d, const model_filter *f, json_t **items, int64_t *total)
{
	if (!f->scope_path)
		return TD_EINVALID;
	char year[16];
	if (f->has_year)
		snprintf(year, sizeof year, "%04lld", (long long)f->year);
	const char *y = f->has_year ? year : NULL;
	char *raw = NULL, *folded = NULL;
	if (f->q && *f->q) {
		tderr qe = textkey_query(f->q, &raw, &folded);
		if (qe)
			return qe;
	}
	tderr e = TD_EINTERNAL;
	json_t *arr = NULL;
	db_stmt *s = db_prepare(d, SQL_MODELS_COUNT);
	if (!s)
		goto out;
	sqlbind b = sb_start(s);
	bind_filters(&b, f, y, raw, folded);
	if ((e = store_one_int(s, total)) != TD_OK)
		goto out;
	e = TD_EINTERNAL;
	if (!(s = db_prepare(d, SQL_MODELS_LIST)))
		goto out;
	b = sb_start(s);
	bind_filters(&b, f, y, raw, folded);
	sb_int(&b, f->limit);
	sb_int(&b, f->offset);
	arr = json_array();
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW)
		json_array_append_new(arr, model_row_json(s));
	db_reset(s);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < json_array_size(arr); i++)
		if ((e = add_tree_counts(d, json_array_get(arr, i))) != TD_OK)
			goto out;
	*items = arr;
	arr = NULL;
	e = TD_OK;
out:
	json_decref(arr);
	free(raw);
	free(folded);
	return e;
}

static const char *SQL_MODEL_GET = "SELECT " MODEL_COLS MODEL_FROM " WHERE m.id = ?";

tderr models_get(db *d, int64_t id, json_t **out)
{
	db_stmt *s = db_prepare(d, SQL_MODEL_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	json_t *o = NULL;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		o = model_row_json(s);
	db_reset(s);
	if (rc < 0)
		return e;
	if (rc != DB_ROW)
		return TD_ENOTFOUND;
	if ((e = add_tree_counts(d, o)) != TD_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return TD_OK;
}

static const char *SQL_MODEL_STATE =
	"SELECT m.plan_id, m.unit_id, m.organization_id, m.replicates_id, m.version,"
	" m.recognized, un.path FROM models m JOIN org_units un ON un.id = m.unit_id"
	" WHERE m.id = ?";

tderr models_state(db *d, int64_t id, model_state *out)
{
	db_stmt *s = db_prepare(d, SQL_MODEL_STATE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		out->plan_id = db_col_int(s, 0);
		out->unit_id = db_col_int(s, 1);
		out->organization_id = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
		out->replicates_id = db_col_is_null(s, 3) ? 0 : db_col_int(s, 3);
		out->version = db_col_int(s, 4);
		out->recognized = db_col_int(s, 5) != 0;
		const char *p = db_col_text(s, 6);
		if (!p || strlen(p) >= UNIT_PATH_MAX)
			rc = -1, e = TD_EINTERNAL;
		else
			memcpy(out->unit_path, p, strlen(p) + 1);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

/* ---- the tree ---- */

static const char *SQL_MODEL_TREE =
	"WITH RECURSIVE t(id, n) AS (SELECT id, 0 FROM models WHERE id = ?"
	" UNION ALL SELECT m.id, t.n + 1 FROM models m JOIN t ON m.replicates_id = t.id"
	" WHERE t.n < 64)"
	" SELECT m.id, m.replicates_id, t.n, m.name, un.code, un.name, un.path,"
	" m.organization_id, o.name, m.kind, m.started_on, m.recognized, m.recognized_on"
	" FROM t JOIN models m ON m.id = t.id JOIN org_units un ON un.id = m.unit_id"
	" LEFT JOIN organizations o ON o.id = m.organization_id"
	" ORDER BY t.n, m.started_on, m.id LIMIT ?";

typedef struct tree_node {
	int64_t id, parent_id;
	long parent;          /* index of the parent node, -1 for the root or none */
	int64_t below;        /* replications below it */
	json_t *j;
	json_t *children;
} tree_node;

static json_t *tree_node_json(db_stmt *s, const td_user *viewer)
{
	const char *path = db_col_text(s, 6);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	if (!scope_can_read_unit(viewer, path)) {
		json_object_set_new(o, "hidden", json_true());
	} else {
		json_object_set_new(o, "name", store_col_str(s, 3));
		json_object_set_new(o, "unit", store_col_str(s, 4));
		json_object_set_new(o, "unit_name", store_col_str(s, 5));
		json_object_set_new(o, "organization", ref_json(s, 7));
		json_object_set_new(o, "kind", store_col_str(s, 9));
		json_object_set_new(o, "started_on", store_col_str(s, 10));
		json_object_set_new(o, "recognized", json_boolean(db_col_int(s, 11) != 0));
		json_object_set_new(o, "recognized_on", store_col_str(s, 12));
	}
	json_object_set_new(o, "depth", json_integer(db_col_int(s, 2)));
	return o;
}

/* Reads the rows of the tree under root into nodes (parents before children). */
static tderr tree_rows(db *d, int64_t root, const td_user *viewer, tree_node *nodes, long *n,
		       int *truncated)
{
	db_stmt *s = db_prepare(d, SQL_MODEL_TREE);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, root);
	db_bind_int(s, 2, MODEL_TREE_MAX + 1);
	tderr e = TD_OK;
	int rc;
	*n = 0;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (*n == MODEL_TREE_MAX) {
			*truncated = 1;
			continue;
		}
		tree_node *t = &nodes[*n];
		t->id = db_col_int(s, 0);
		t->parent_id = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
		t->parent = -1;
		t->below = 0;
		t->j = tree_node_json(s, viewer);
		t->children = json_array();
		for (long k = *n - 1; *n > 0 && k >= 0; k--)
			if (nodes[k].id == t->parent_id) {
				t->parent = k;
				break;
			}
		(*n)++;
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr models_tree(db *d, int64_t id, const td_user *viewer, json_t **out)
{
	int depth = 0, contains = 0;
	int64_t root = 0;
	tderr e = models_lineage(d, id, 0, &depth, &root, &contains);
	if (e)
		return e;
	tree_node *nodes = calloc(MODEL_TREE_MAX, sizeof *nodes);
	if (!nodes)
		return TD_EINTERNAL;
	long n = 0;
	int truncated = 0;
	e = tree_rows(d, root, viewer, nodes, &n, &truncated);
	/* children are later in the order: count and attach from the last one back */
	for (long i = n - 1; i >= 0; i--) {
		json_object_set_new(nodes[i].j, "replications", json_integer(nodes[i].below));
		json_object_set_new(nodes[i].j, "children", nodes[i].children);
		if (i > 0 && nodes[i].parent >= 0) {
			tree_node *p = &nodes[nodes[i].parent];
			p->below += 1 + nodes[i].below;
			json_array_insert_new(p->children, 0, nodes[i].j);
		} else if (i > 0) {
			json_decref(nodes[i].j); /* cut off from the root by the node cap */
		}
	}
	if (e == TD_OK && n > 0) {
		*out = json_pack("{s:I,s:o,s:b}", "focus_id", (json_int_t)id, "root", nodes[0].j,
				 "truncated", truncated);
	} else {
		if (n > 0)
			json_decref(nodes[0].j);
		if (e == TD_OK)
			e = TD_ENOTFOUND;
	}
	free(nodes);
	return e;
}

/* ---- counts per unit ---- */

static const char *SQL_MODEL_SUMMARY_CHILDREN =
	"SELECT c.code, c.name, c.path, COUNT(x.id),"
	" COALESCE(SUM(CASE WHEN x.id IS NOT NULL AND x.replicates_id IS NULL THEN 1 ELSE 0 END), 0),"
	" COALESCE(SUM(CASE WHEN x.replicates_id IS NULL THEN 0 ELSE 1 END), 0),"
	" COALESCE(SUM(x.recognized), 0)"
	" FROM org_units c LEFT JOIN (SELECT m.id, m.replicates_id, m.recognized,"
	"   mu.path AS upath FROM models m JOIN org_units mu ON mu.id = m.unit_id"
	"   WHERE CAST(? AS INTEGER) IS NULL OR m.plan_id = ?) x"
	"   ON x.upath LIKE (c.path || '%')"
	" WHERE c.parent_id = ? AND c.valid_to IS NULL"
	" GROUP BY c.id, c.code, c.name, c.path, c.sort_key ORDER BY c.sort_key, c.id";
static const char *SQL_MODEL_SUMMARY_OWN =
	"SELECT un.code, un.name, un.path, COUNT(m.id),"
	" COALESCE(SUM(CASE WHEN m.id IS NOT NULL AND m.replicates_id IS NULL THEN 1 ELSE 0 END), 0),"
	" COALESCE(SUM(CASE WHEN m.replicates_id IS NULL THEN 0 ELSE 1 END), 0),"
	" COALESCE(SUM(m.recognized), 0)"
	" FROM org_units un LEFT JOIN models m ON m.unit_id = un.id"
	"   AND (CAST(? AS INTEGER) IS NULL OR m.plan_id = ?)"
	" WHERE un.id = ? GROUP BY un.id, un.code, un.name, un.path";

static const char *const count_keys[] = {"models", "originals", "replications", "recognized"};

/* Appends the statement's rows that viewer may read to items, adding to sums. */
static tderr summary_rows(db_stmt *s, const td_user *viewer, int own, json_t *items,
			  int64_t sums[4])
{
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (!scope_can_read_unit(viewer, db_col_text(s, 2)))
			continue;
		json_t *row = json_object();
		json_object_set_new(row, "unit", json_pack("{s:o,s:o}", "code", store_col_str(s, 0),
							   "name", store_col_str(s, 1)));
		for (int k = 0; k < 4; k++) {
			int64_t v = db_col_int(s, 3 + k);
			sums[k] += v;
			json_object_set_new(row, count_keys[k], json_integer(v));
		}
		if (own)
			json_object_set_new(row, "own", json_true());
		json_array_append_new(items, row);
	}
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

tderr models_summary(db *d, int64_t plan_id, int64_t unit_id, const td_user *viewer,
		     json_t **out)
{
	int64_t sums[4] = {0, 0, 0, 0};
	json_t *items = json_array();
	db_stmt *s = db_prepare(d, SQL_MODEL_SUMMARY_CHILDREN);
	tderr e = TD_EINTERNAL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_opt_int(&b, plan_id > 0, plan_id);
		sb_opt_int(&b, plan_id > 0, plan_id);
		sb_int(&b, unit_id);
		e = summary_rows(s, viewer, 0, items, sums);
	}
	if (e == TD_OK) {
		e = TD_EINTERNAL;
		if ((s = db_prepare(d, SQL_MODEL_SUMMARY_OWN))) {
			sqlbind b = sb_start(s);
			sb_opt_int(&b, plan_id > 0, plan_id);
			sb_opt_int(&b, plan_id > 0, plan_id);
			sb_int(&b, unit_id);
			e = summary_rows(s, viewer, 1, items, sums);
		}
	}
	if (e) {
		json_decref(items);
		return e;
	}
	json_t *totals = json_object();
	for (int k = 0; k < 4; k++)
		json_object_set_new(totals, count_keys[k], json_integer(sums[k]));
	*out = json_pack("{s:o,s:I,s:o}", "items", items, "total",
			 (json_int_t)json_array_size(items), "totals", totals);
	return TD_OK;
}

static const char *SQL_MODEL_COUNT_UNDER =
	"SELECT COUNT(m.id),"
	" COALESCE(SUM(CASE WHEN m.replicates_id IS NULL THEN 1 ELSE 0 END), 0),"
	" COALESCE(SUM(CASE WHEN m.replicates_id IS NULL THEN 0 ELSE 1 END), 0),"
	" COALESCE(SUM(m.recognized), 0)"
	" FROM models m JOIN org_units un ON un.id = m.unit_id"
	" WHERE (CAST(? AS INTEGER) IS NULL OR m.plan_id = ?) AND un.path LIKE (? || '%')";

tderr models_count_under(db *d, int64_t plan_id, const char *path, int64_t sums[4])
{
	db_stmt *s = db_prepare(d, SQL_MODEL_COUNT_UNDER);
	if (!s)
		return TD_EINTERNAL;
	sqlbind b = sb_start(s);
	sb_opt_int(&b, plan_id > 0, plan_id);
	sb_opt_int(&b, plan_id > 0, plan_id);
	sb_text(&b, path);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		for (int k = 0; k < 4; k++)
			sums[k] += db_col_int(s, k);
	db_reset(s);
	return rc < 0 ? e : TD_OK;
}

/* ---- writes ---- */

static const char *SQL_MODEL_INSERT =
	"INSERT INTO models(plan_id, unit_id, organization_id, name, search, kind, started_on,"
	" results, replicates_id, recognized, recognized_on, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";

tderr models_create(db *d, const model_input *in, int64_t *id, td_error *e)
{
	textkey k;
	if (textkey_make(in->name, &k) != TD_OK)
		return set_err(e, TD_EINVALID, "invalid_text", "Tên mô hình không hợp lệ", "name");
	char *results = vn_nfc(in->results ? in->results : "");
	char *kind = vn_nfc(in->kind ? in->kind : "");
	char now[32];
	clock_iso(now, sizeof now);
	tderr err = TD_EINTERNAL;
	db_stmt *s = results && kind ? db_prepare(d, SQL_MODEL_INSERT) : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_int(&b, in->plan_id);
		sb_int(&b, in->unit_id);
		sb_opt_int(&b, in->organization_id > 0, in->organization_id);
		sb_text(&b, k.nfc);
		sb_text(&b, k.fold);
		sb_text(&b, kind);
		sb_text(&b, in->started_on);
		sb_text(&b, results);
		sb_opt_int(&b, in->replicates_id > 0, in->replicates_id);
		sb_int(&b, in->set_recognized && in->recognized);
		sb_text(&b, in->set_recognized && in->recognized ? in->recognized_on : NULL);
		sb_text(&b, now);
		sb_text(&b, now);
		err = store_one_int(s, id);
	}
	textkey_free(&k);
	free(results);
	free(kind);
	return err;
}

static const char *SQL_MODEL_UPDATE =
	"UPDATE models SET unit_id = COALESCE(?, unit_id),"
	" organization_id = CASE WHEN ? = 1 THEN ? ELSE organization_id END,"
	" name = COALESCE(?, name), search = COALESCE(?, search), kind = COALESCE(?, kind),"
	" started_on = COALESCE(?, started_on), results = COALESCE(?, results),"
	" replicates_id = CASE WHEN ? = 1 THEN ? ELSE replicates_id END,"
	" recognized = CASE WHEN ? = 1 THEN ? ELSE recognized END,"
	" recognized_on = CASE WHEN ? = 1 THEN ? ELSE recognized_on END,"
	" version = version + 1, updated_at = ? WHERE id = ?";

tderr models_update(db *d, int64_t id, const model_input *in, td_error *e)
{
	model_state st = {0};
	tderr err = models_state(d, id, &st);
	if (err == TD_ENOTFOUND)
		return set_err(e, err, "not_found", "Không tìm thấy mô hình", NULL);
	if (err)
		return err;
	if (in->version != st.version)
		return set_err(e, TD_ECONFLICT, "stale_version",
			       "Mô hình đã được người khác sửa, vui lòng tải lại", "version");
	textkey k = {0};
	if (in->name && textkey_make(in->name, &k) != TD_OK)
		return set_err(e, TD_EINVALID, "invalid_text", "Tên mô hình không hợp lệ", "name");
	char *results = in->results ? vn_nfc(in->results) : NULL;
	char *kind = in->kind ? vn_nfc(in->kind) : NULL;
	char now[32];
	clock_iso(now, sizeof now);
	err = TD_EINTERNAL;
	db_stmt *s = (!in->results || results) && (!in->kind || kind)
			     ? db_prepare(d, SQL_MODEL_UPDATE)
			     : NULL;
	if (s) {
		sqlbind b = sb_start(s);
		sb_opt_int(&b, in->unit_id > 0, in->unit_id);
		sb_int(&b, in->set_org);
		sb_opt_int(&b, in->organization_id > 0, in->organization_id);
		sb_text(&b, k.nfc);
		sb_text(&b, k.fold);
		sb_text(&b, kind);
		sb_text(&b, in->started_on);
		sb_text(&b, results);
		sb_int(&b, in->set_replicates);
		sb_opt_int(&b, in->replicates_id > 0, in->replicates_id);
		sb_int(&b, in->set_recognized);
		sb_int(&b, in->recognized ? 1 : 0);
		sb_int(&b, in->set_recognized);
		sb_text(&b, in->set_recognized && in->recognized ? in->recognized_on : NULL);
		sb_text(&b, now);
		sb_int(&b, id);
		err = store_exec(s);
	}
	textkey_free(&k);
	free(results);
	free(kind);
	return err;
}
