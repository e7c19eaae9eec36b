/* demo_followup.h — the follow-up half of the demo (docs/DEMO.md, "Follow-up
 * records"): the roadmap tasks of the six plans with deadline extensions and
 * comments, the leadership documents, budget lines, inspections, the findings and
 * recommendations of the 2023 conference (shared/context/source-article.txt made
 * into records), pilot models with their replication trees, and activities.
 *
 * Everything after demo_followup_seed is private to demo_followup.c (the driver,
 * shared helpers, tasks and documents), demo_followup_records.c (budgets,
 * inspections and findings, models, activities) and demo_followup_data.c (the
 * tables), the way demo_data.h is to demo.c. */
#ifndef TD_DEMO_FOLLOWUP_H
#define TD_DEMO_FOLLOWUP_H
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/period.h"
#include "store/db.h"
#include "store/sqlbind.h"

/* Adds the follow-up records to a database where demo_seed has loaded the
 * province, users and plans (and, when present, demo_reports_seed the reports:
 * findings then quote a report of the raising organisation). today: "YYYY-MM-DD"
 * in Vietnam; what would happen on or after it is left out or left unfinished
 * (a task not yet completed, a budget not yet allocated, a finding not yet
 * answered); NULL means TIENDO_DEMO_TODAY when set, else clock_today_vn(), as
 * demo_reports_seed does. Deterministic: the same database and today give the
 * same rows, timestamps included (every timestamp is the day its event happened;
 * none is "now"). No notifications: the server's sweep makes them. Runs inside
 * the caller's transaction (the caller rolls back on error) and writes one audit
 * row (entity "demo", action "seed_followup") with the counts. Errors, with a
 * message in err: TD_EINVALID for a malformed today, TD_ENOTFOUND when a plan,
 * organisation or unit the tables name is missing, TD_ECONFLICT when follow-up
 * records already exist, or the database error. */
tderr demo_followup_seed(db *d, const char *today, char *err, size_t errlen);

/* ---- private: the tables (demo_followup_data.c) ---- */

/* Every list of codes below is one string of codes separated by spaces. */

/* How a plan is carried out below the province: by which system's
 * organisations, in which districts and communes (each district's organisation
 * issues its own plan, numbered N + doc_suffix), with what money a year, and which
 * activities they hold, drawn each year from `activities`. */
typedef struct demo_fplan {
	const char *plan;        /* plan code */
	const char *system;      /* code prefix of the local organisations */
	const char *districts;   /* district unit codes */
	const char *communes;    /* commune unit codes with an organisation */
	const char *short_title; /* "Đề án “...”", for the local plans' titles */
	const char *doc_suffix;  /* after a district plan's number: "/KH-HPN" */
	int64_t province, district, commune, socialized; /* VND a year; socialized 0: none */
	const char *activities[10];                      /* "kind|title", NULL ends */
} demo_fplan;
extern const demo_fplan demo_fplans[];
extern const size_t demo_fplans_count;

/* A task never completed. */
#define DEMO_F_NEVER 9999

/* A roadmap task. responsible is an organisation code or, with units, the code
 * prefix of one task per unit ("women" + "217 221" = women-217, women-221). A
 * coordinator ending in "-*" takes the task's unit code. The deadline is the last
 * day of the slot (or extended_to); the task is completed lag days after it
 * (< 0: before; DEMO_F_NEVER: not at all), give or take spread days per unit, and
 * only if that day is before today. progress: where an unfinished task stands
 * once its deadline has passed (0: by the time elapsed). */
typedef struct demo_ftask {
	const char *plan, *title, *description;
	const char *responsible, *units;
	const char *coordinators[3];
	const char *slot;
	int lag, spread, progress;
	const char *extended_to, *ext_reason, *ext_document;
	const char *comments[2]; /* by the plan owner, then the responsible's reply */
} demo_ftask;
extern const demo_ftask demo_ftasks[];
extern const size_t demo_ftasks_count;

/* A leadership document; plan NULL for one that serves every plan. */
typedef struct demo_fdoc {
	const char *plan, *number, *kind, *title, *issuer, *issued_on, *due_on, *summary;
} demo_fdoc;
extern const demo_fdoc demo_fdocs[];
extern const size_t demo_fdocs_count;

/* An inspection (kiểm tra) or supervision (giám sát); key names it for findings.
 * unit NULL: the inspected organisation's unit. */
typedef struct demo_finspection {
	const char *key, *plan, *inspector, *inspected, *unit, *kind, *held_on, *scope,
		*conclusions;
} demo_finspection;
extern const demo_finspection demo_finspections[];
extern const size_t demo_finspections_count;

/* A finding. source: "direct", "report" (a report of raised_by on the plan,
 * submitted before raised_on; "direct" when there is none) or "inspection" (the
 * inspection named by key). What happens after raised_on happens only before
 * today: the answer on answered_on, then the raiser's decision on closed_on
 * (status "resolved" or "declined"), or reopening (reopened: back to open after
 * the answer). escalate: once overdue, escalated to the addressee's parent the
 * day after due_on. plan NULL: raised for every plan. */
typedef struct demo_ffinding {
	const char *plan, *kind, *unit, *title, *description, *raised_by, *addressed_to, *severity,
		*raised_on, *due_on, *source, *inspection;
	const char *response, *answered_on, *status, *closed_on;
	int reopened, escalate;
} demo_ffinding;
extern const demo_ffinding demo_ffindings[];
extern const size_t demo_ffindings_count;

/* A pilot model; replicates: the key of the model it copies (NULL: an original).
 * org NULL: none. recognized_on: "Dân vận khéo" recognition, NULL for none. */
typedef struct demo_fmodel {
	const char *key, *replicates, *plan, *unit, *org, *name, *kind, *started_on, *results,
		*recognized_on;
} demo_fmodel;
extern const demo_fmodel demo_fmodels[];
extern const size_t demo_fmodels_count;

/* An activity of the province, besides those demo_fplans generate. */
typedef struct demo_factivity {
	const char *plan, *org, *kind, *title, *held_on;
	int participants;
} demo_factivity;
extern const demo_factivity demo_factivities[];
extern const size_t demo_factivities_count;

/* Budget lines that were never allocated, whatever the draw: "PLAN UNIT YEAR". */
extern const char *const demo_unallocated[];

/* ---- private: the seed at work (demo_followup.c, demo_followup_records.c) ---- */

#define DEMO_F_CODE_MAX        64  /* an organisation code */
#define DEMO_F_UNIT_MAX        16  /* a unit code */
#define DEMO_F_TEXT_MAX        512 /* a generated title or note */
#define DEMO_F_INSPECTIONS_MAX 64  /* rows of demo_finspections */
#define DEMO_F_MODELS_MAX      128 /* rows of demo_fmodels */

typedef struct demo_fctx {
	db *d;
	char *err;
	size_t errlen;
	char today[PERIOD_DATE_SIZE];
	int64_t tday;                         /* today, days since 1970-01-01 */
	int64_t insp[DEMO_F_INSPECTIONS_MAX]; /* ids by index of demo_finspections; 0 = not held */
	int64_t model[DEMO_F_MODELS_MAX];     /* ids by index of demo_fmodels; 0 = not started */
	int tasks, coordinators, extensions, comments, documents, budgets, unallocated;
	int inspections, findings, models, activities;
	int status[4]; /* findings: open, answered, resolved, declined */
} demo_fctx;

/* A plan as stored; approved: its approval day (1 January of its first year if none). */
typedef struct demo_fplaninfo {
	int64_t id, owner, approved;
	int start_year, end_year;
} demo_fplaninfo;

typedef struct demo_forg {
	int64_t id, unit_id, parent_id; /* parent_id 0: none */
} demo_forg;

/* splitmix64: the seed's only randomness. */
typedef struct demo_frng {
	uint64_t s;
} demo_frng;

/* Errors: a message into c->err; return e (TD_EINTERNAL for TD_OK). The second
 * adds "what name: " and the database's message. */
tderr demo_ffail(demo_fctx *c, tderr e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
tderr demo_fdb_fail(demo_fctx *c, tderr e, const char *what, const char *name);

/* A stream fixed by a tag, a name and a number (and the seed's fixed seed); its
 * next integer in lo..hi; an amount base × lo..hi % rounded down to a step. */
demo_frng demo_frng_for(const char *tag, const char *name, int64_t n);
int demo_frng_int(demo_frng *r, int lo, int hi);
int64_t demo_frng_money(demo_frng *r, int64_t base, int lo, int hi, int64_t step);

/* Days count from 1970-01-01. demo_fday: a "YYYY-MM-DD" (TD_EINVALID unless a real
 * date); demo_fymd: a calendar date; demo_fdate: back to "YYYY-MM-DD"; demo_fyear:
 * its year; demo_fstamp: hh:mm in Vietnam that day, as stored (ISO 8601 UTC);
 * demo_fworking_day: the day, or the Monday after a weekend. */
tderr demo_fday(demo_fctx *c, const char *iso, int64_t *day);
int64_t demo_fymd(int year, int month, int mday);
void demo_fdate(int64_t day, char out[PERIOD_DATE_SIZE]);
int demo_fyear(int64_t day);
void demo_fstamp(int64_t day, int hour, int minute, char out[32]);
int64_t demo_fworking_day(int64_t day);
static inline int64_t demo_fmax(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Lookups; TD_ENOTFOUND (with a message) when absent. demo_funit_get's label
 * (NULL for none) gets the unit's name as it reads in a sentence: "huyện Lạng
 * Giang". demo_fmember: an officer, else a leader, of org; 0 when none. */
tderr demo_fplan_get(demo_fctx *c, const char *code, demo_fplaninfo *p);
tderr demo_forg_get(demo_fctx *c, const char *code, demo_forg *o);
tderr demo_fowner_get(demo_fctx *c, const char *code, const demo_fplaninfo *p, demo_forg *o);
tderr demo_funit_get(demo_fctx *c, const char *code, int64_t *id, char *label, size_t size);
tderr demo_fmember(demo_fctx *c, int64_t org, int64_t *user);
/* The n-th code (from 0) of a list separated by spaces into out; 0 past its end. */
int demo_flist_item(const char *list, int n, char *out, size_t size);
/* Binds a day as "YYYY-MM-DD", or NULL when day < 0. */
void demo_fbind_day(sqlbind *b, int64_t day);

/* demo_followup_records.c: each inserts its rows as of c->today. Inspections come
 * before findings (which point to them). */
tderr demo_fseed_budgets(demo_fctx *c);
tderr demo_fseed_inspections(demo_fctx *c);
tderr demo_fseed_findings(demo_fctx *c);
tderr demo_fseed_models(demo_fctx *c);
tderr demo_fseed_activities(demo_fctx *c);

#endif
