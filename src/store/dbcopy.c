/* dbcopy.c — whole-table copy and fingerprints over db.h (see dbcopy.h). The SQL
 * is built from the table list of tables.c and the column names the source
 * database reports: identifiers, never data, so nothing from outside reaches it;
 * every value travels as a bound parameter. */
#include "store/dbcopy.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_MAX_PARAMS 999 /* per INSERT: SQLite's historic limit, far below PostgreSQL's */
#define COPY_MAX_BATCH 256  /* rows per INSERT */

/* Built SQL texts, kept until dbcopy_release: the statement cache of a handle is
 * keyed by the text's address, so one text must keep one address. */
typedef struct kept_sql {
	struct kept_sql *next;
	char *sql;
} kept_sql;
static kept_sql *kept;

static const char *sql_intern(char *owned)
{
	if (!owned)
		return NULL;
	for (kept_sql *k = kept; k; k = k->next)
		if (strcmp(k->sql, owned) == 0) {
			free(owned);
			return k->sql;
		}
	kept_sql *k = malloc(sizeof *k);
	if (!k) {
		free(owned);
		return NULL;
	}
	k->sql = owned;
	k->next = kept;
	kept = k;
	return owned;
}

void dbcopy_release(void)
{
	while (kept) {
		kept_sql *k = kept;
		kept = k->next;
		free(k->sql);
		free(k);
	}
}

/* SQL from pieces: "SELECT " + cols joined by ", " + rest. */
static const char *sql_select(const store_table *t, char *const *cols, int ncols, int ordered)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fputs("SELECT ", f);
	for (int i = 0; i < ncols; i++)
		fprintf(f, "%s%s", i ? ", " : "", cols[i]);
	fprintf(f, " FROM %s", t->name);
	if (ordered)
		fprintf(f, " ORDER BY %s", t->order_by);
	fclose(f);
	return sql_intern(buf);
}

static const char *sql_insert(const store_table *t, char *const *cols, int ncols, int rows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fprintf(f, "INSERT INTO %s (", t->name);
	for (int i = 0; i < ncols; i++)
		fprintf(f, "%s%s", i ? ", " : "", cols[i]);
	fputs(") VALUES ", f);
	for (int r = 0; r < rows; r++) {
		fputs(r ? ", (" : "(", f);
		for (int i = 0; i < ncols; i++)
			fputs(i ? ", ?" : "?", f);
		fputc(')', f);
	}
	fclose(f);
	return sql_intern(buf);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void dbcopy_free_cols(char **cols, int ncols)
{
	if (!cols)
		return;
	for (int i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
}

tderr dbcopy_columns(db *d, const store_table *t, char ***out, int *nout, char *err, size_t errlen)
{
	*out = NULL;
	*nout = 0;
	char *buf = NULL;
	if (asprintf(&buf, "SELECT * FROM %s LIMIT 1", t->name) < 0)
		return TD_EINTERNAL;
	const char *sql = sql_intern(buf);
	db_stmt *s = sql ? db_prepare(d, sql) : NULL;
	tderr e = TD_OK;
	if (!s || db_step(s, &e) < 0) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(d));
		db_reset(s);
		return e ? e : TD_EINTERNAL;
	}
	int n = db_col_count(s);
	char **cols = calloc((size_t)(n > 0 ? n : 1), sizeof *cols);
	for (int i = 0; cols && i < n; i++)
		if (!(cols[i] = strdup(db_col_name(s, i)))) {
			dbcopy_free_cols(cols, i);
			cols = NULL;
		}
	db_reset(s);
	if (!cols || n == 0) {
		free(cols);
		snprintf(err, errlen, "%s: no columns", t->name);
		return TD_EINTERNAL;
	}
	qsort(cols, (size_t)n, sizeof *cols, cmp_name);
	*out = cols;
	*nout = n;
	return TD_OK;
}

tderr dbcopy_count(db *d, const store_table *t, int64_t *out)
{
	char *buf = NULL;
	if (asprintf(&buf, "SELECT COUNT(*) FROM %s", t->name) < 0)
		return TD_EINTERNAL;
	const char *sql = sql_intern(buf);
	db_stmt *s = sql ? db_prepare(d, sql) : NULL;
	if (!s)
		return TD_EINTERNAL;
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW)
		*out = db_col_int(s, 0);
	db_reset(s);
	return rc == DB_ROW ? TD_OK : (e ? e : TD_EINTERNAL);
}

static int cmp_digest(const void *a, const void *b)
{
	return memcmp(a, b, DBCOPY_SUM_BYTES);
}

/* Feeds one value, normalised, into the row's hash. */
static void hash_value(crypto_hash_sha256_state *h, db_stmt *s, int col)
{
	char num[40];
	int n;
	switch (db_col_type(s, col)) {
	case DB_NULL:
		crypto_hash_sha256_update(h, (const unsigned char *)"N;", 2);
		break;
	case DB_INT:
		n = snprintf(num, sizeof num, "I%lld;", (long long)db_col_int(s, col));
		crypto_hash_sha256_update(h, (const unsigned char *)num, (unsigned long long)n);
		break;
	case DB_REAL:
		n = snprintf(num, sizeof num, "R%.17g;", db_col_double(s, col));
		crypto_hash_sha256_update(h, (const unsigned char *)num, (unsigned long long)n);
		break;
	case DB_TEXT: {
		const char *txt = db_col_text(s, col);
		size_t len = txt ? strlen(txt) : 0;
		n = snprintf(num, sizeof num, "T%zu:", len);
		crypto_hash_sha256_update(h, (const unsigned char *)num, (unsigned long long)n);
		crypto_hash_sha256_update(h, (const unsigned char *)(txt ? txt : ""), len);
		crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
		break;
	}
	}
}

tderr dbcopy_sum_table(db *d, const store_table *t, char *const *cols, int ncols, dbcopy_sum *out,
		       char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	const char *sql = sql_select(t, cols, ncols, 0);
	db_stmt *s = sql ? db_prepare(d, sql) : NULL;
	if (!s) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(d));
		return TD_EINTERNAL;
	}
	unsigned char *digests = NULL;
	size_t n = 0, cap = 0;
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			unsigned char *nd = realloc(digests, ncap * DBCOPY_SUM_BYTES);
			if (!nd) {
				rc = -1;
				e = TD_EINTERNAL;
				break;
			}
			digests = nd;
			cap = ncap;
		}
		crypto_hash_sha256_state h;
		crypto_hash_sha256_init(&h);
		for (int c = 0; c < ncols; c++)
			hash_value(&h, s, c);
		crypto_hash_sha256_final(&h, digests + n * DBCOPY_SUM_BYTES);
		n++;
	}
	db_reset(s);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(d));
		free(digests);
		return e ? e : TD_EINTERNAL;
	}
	if (n)
		qsort(digests, n, DBCOPY_SUM_BYTES, cmp_digest);
	crypto_hash_sha256(out->sha256, digests ? digests : (const unsigned char *)"", n * DBCOPY_SUM_BYTES);
	out->rows = (int64_t)n;
	free(digests);
	return TD_OK;
}

/* A value read from the source, held until its batch is written. */
typedef struct cval {
	db_type ty;
	int64_t i;
	double r;
	char *s;
} cval;

static void cval_read(cval *v, db_stmt *s, int col)
{
	free(v->s);
	v->s = NULL;
	v->ty = db_col_type(s, col);
	if (v->ty == DB_INT)
		v->i = db_col_int(s, col);
	else if (v->ty == DB_REAL)
		v->r = db_col_double(s, col);
	else if (v->ty == DB_TEXT && !(v->s = strdup(db_col_text(s, col) ? db_col_text(s, col) : "")))
		v->ty = DB_NULL; /* out of memory: caught by the fingerprint check */
}

static void cval_bind(const cval *v, db_stmt *s, int idx)
{
	switch (v->ty) {
	case DB_INT:
		db_bind_int(s, idx, v->i);
		break;
	case DB_REAL:
		db_bind_double(s, idx, v->r);
		break;
	case DB_TEXT:
		db_bind_text(s, idx, v->s);
		break;
	default:
		db_bind_null(s, idx);
	}
}

static void cvals_free(cval *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/* 1 when column name is one of t's comma-separated self references. */
static int is_self_ref(const store_table *t, const char *name)
{
	if (!t->self_refs)
		return 0;
	size_t n = strlen(name);
	for (const char *p = t->self_refs; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* Writes the first rows of the batch in vals with one INSERT. */
static tderr flush_batch(db *dst, const store_table *t, char *const *cols, int ncols, const cval *vals,
			 int rows, char *err, size_t errlen)
{
	if (rows == 0)
		return TD_OK;
	const char *sql = sql_insert(t, cols, ncols, rows);
	db_stmt *s = sql ? db_prepare(dst, sql) : NULL;
	if (!s) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(dst));
		return TD_EINTERNAL;
	}
	for (int i = 0; i < rows * ncols; i++)
		cval_bind(&vals[i], s, i + 1);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	db_reset(s);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(dst));
		return e ? e : TD_EINTERNAL;
	}
	return TD_OK;
}

/* Sets the self-referring columns of the rows recorded in refs (id, then one value
 * per self reference). */
static tderr fill_self_refs(db *dst, const store_table *t, char *const *cols, const int *ref_cols,
			    int nref, const cval *refs, size_t nrows, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return TD_EINTERNAL;
	fprintf(f, "UPDATE %s SET ", t->name);
	for (int k = 0; k < nref; k++)
		fprintf(f, "%s%s = ?", k ? ", " : "", cols[ref_cols[k]]);
	fputs(" WHERE id = ?", f);
	fclose(f);
	const char *sql = sql_intern(buf);
	for (size_t r = 0; r < nrows; r++) {
		const cval *row = &refs[r * (size_t)(nref + 1)];
		db_stmt *s = sql ? db_prepare(dst, sql) : NULL;
		if (!s) {
			snprintf(err, errlen, "%s: %s", t->name, db_errmsg(dst));
			return TD_EINTERNAL;
		}
		for (int k = 0; k < nref; k++)
			cval_bind(&row[k + 1], s, k + 1);
		cval_bind(&row[0], s, nref + 1);
		tderr e = TD_OK;
		int rc = db_step(s, &e);
		db_reset(s);
		if (rc < 0) {
			snprintf(err, errlen, "%s: %s", t->name, db_errmsg(dst));
			return e ? e : TD_EINTERNAL;
		}
	}
	return TD_OK;
}

tderr dbcopy_table(db *src, db *dst, const store_table *t, char *const *cols, int ncols,
		   int64_t *rows, char *err, size_t errlen)
{
	*rows = 0;
	if (errlen)
		err[0] = 0;
	int batch = COPY_MAX_PARAMS / ncols;
	if (batch > COPY_MAX_BATCH)
		batch = COPY_MAX_BATCH;
	if (batch < 1) {
		snprintf(err, errlen, "%s: too many columns (%d)", t->name, ncols);
		return TD_EINTERNAL;
	}
	int ref_cols[8], nref = 0, id_col = -1;
	for (int c = 0; c < ncols; c++) {
		if (strcmp(cols[c], "id") == 0)
			id_col = c;
		if (is_self_ref(t, cols[c]) && nref < (int)(sizeof ref_cols / sizeof ref_cols[0]))
			ref_cols[nref++] = c;
	}
	if (nref && id_col < 0) {
		snprintf(err, errlen, "%s: self references need an id column", t->name);
		return TD_EINTERNAL;
	}
	const char *sql = sql_select(t, cols, ncols, 1);
	db_stmt *s = sql ? db_prepare(src, sql) : NULL;
	if (!s) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(src));
		return TD_EINTERNAL;
	}
	cval *vals = calloc((size_t)batch * (size_t)ncols, sizeof *vals);
	cval *refs = NULL;
	size_t nrefrows = 0, refcap = 0;
	tderr e = vals ? TD_OK : TD_EINTERNAL;
	int in_batch = 0, rc = DB_DONE;
	while (!e && (rc = db_step(s, &e)) == DB_ROW) {
		cval *row = &vals[(size_t)in_batch * (size_t)ncols];
		for (int c = 0; c < ncols; c++)
			cval_read(&row[c], s, c);
		int pending = 0;
		for (int k = 0; k < nref; k++)
			pending |= row[ref_cols[k]].ty != DB_NULL;
		if (pending) {
			if (nrefrows == refcap) {
				size_t ncap = refcap ? refcap * 2 : 64;
				cval *nr = realloc(refs, ncap * (size_t)(nref + 1) * sizeof *nr);
				if (!nr) {
					e = TD_EINTERNAL;
					break;
				}
				refs = nr;
				refcap = ncap;
			}
			cval *rr = &refs[nrefrows * (size_t)(nref + 1)];
			rr[0] = row[id_col];
			rr[0].s = NULL; /* ids are integers */
			for (int k = 0; k < nref; k++) {
				rr[k + 1] = row[ref_cols[k]]; /* takes over the text, if any */
				row[ref_cols[k]].s = NULL;
				row[ref_cols[k]].ty = DB_NULL;
			}
			nrefrows++;
		}
		(*rows)++;
		if (++in_batch == batch) {
			e = flush_batch(dst, t, cols, ncols, vals, in_batch, err, errlen);
			in_batch = 0;
		}
	}
	db_reset(s);
	if (rc < 0 && e) {
		snprintf(err, errlen, "%s: %s", t->name, db_errmsg(src));
	} else if (!e) {
		e = flush_batch(dst, t, cols, ncols, vals, in_batch, err, errlen);
		if (!e && nrefrows)
			e = fill_self_refs(dst, t, cols, ref_cols, nref, refs, nrefrows, err, errlen);
	} else if (!err[0]) {
		snprintf(err, errlen, "%s: out of memory", t->name);
	}
	cvals_free(vals, (size_t)batch * (size_t)ncols);
	cvals_free(refs, nrefrows * (size_t)(nref + 1));
	return e;
}
