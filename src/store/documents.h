/* documents.h — leadership and direction documents (văn bản lãnh đạo, chỉ đạo):
 * number, kind, issuer, the day issued and the day by which it was due, so late
 * direction shows (late and days_late are derived on read). */
#ifndef TD_DOCUMENTS_H
#define TD_DOCUMENTS_H
#include <jansson.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"
#include "store/plan_followup.h"

#define DOCUMENT_NUMBER_MAX 64
#define DOCUMENT_TITLE_MAX 1000
#define DOCUMENT_SUMMARY_MAX 20000

/* Kinds, NULL-terminated: nghi_quyet, chi_thi, ke_hoach, quyet_dinh, huong_dan,
 * bao_cao, cong_van, ket_luan, thong_bao, other. */
extern const char *const document_kinds[];

typedef struct document_filter {
	pf_filter base;     /* has_org: the issuer; has_year: the year issued; q: title
			       or number */
	const char *kind;   /* one of document_kinds; NULL = any */
	int late_only;      /* 1: only documents issued after their due day */
} document_filter;

/* Lists documents, newest first. *items is a new array of the shape of
 * documents_get. TD_EINVALID for a query that cannot be folded. */
tderr documents_list(db *d, const document_filter *f, json_t **items, int64_t *total);
/* How many documents f finds and how many of them were issued late. */
tderr documents_counts(db *d, const pf_filter *f, int64_t *total, int64_t *late);

/* One document: {id, plan_id, plan:{id,code,title}|null, number, kind, title,
 * issuer_id, issuer:{id,name}, unit, unit_name, issued_on, due_on, late,
 * days_late, summary, version, created_at, updated_at}. New reference.
 * TD_ENOTFOUND when absent. */
tderr documents_get(db *d, int64_t id, json_t **out);

/* What the write checks need of a stored document. */
typedef struct document_facts {
	int has_plan;
	int64_t plan_id, plan_owner, issuer_id, version;
	char unit_path[UNIT_PATH_MAX];
} document_facts;

/* TD_ENOTFOUND when absent. */
tderr documents_facts(db *d, int64_t id, document_facts *out);

/* Fields of a create or update; on update NULL strings, 0 ids and set_ 0 mean
 * unchanged. The caller has checked formats, caps and access. */
typedef struct document_input {
	int set_plan;
	int64_t plan_id;                  /* 0 with set_plan: no plan */
	const char *number, *kind, *title, *summary;
	int64_t issuer_id, unit_id;
	const char *issued_on;
	int set_due;
	const char *due_on;               /* NULL: no deadline */
	int64_t version;                  /* update only */
} document_input;

/* Inserts a document; *id is the new id. Inside a transaction. */
tderr documents_create(db *d, const document_input *in, int64_t *id, td_error *e);
/* Updates the given fields and bumps the version. TD_ENOTFOUND, TD_ECONFLICT
 * (stale_version) with e filled. Inside a transaction. */
tderr documents_update(db *d, int64_t id, const document_input *in, td_error *e);

#endif
