/* demo_reports.h — the second half of the demo (docs/DEMO.md, "Indicators and
 * reports"): indicators and targets for the six plans, the leaders who approve, and
 * the periodic reports from each plan's approval up to "today", with values,
 * narratives and workflow events. Deterministic: everything but the indicators'
 * created_at follows from the database contents and `today`.
 *
 * Everything after demo_reports_seed is private to demo_reports.c and
 * demo_indicators.c (the way demo_data.h is to demo.c). */
#ifndef TD_DEMO_REPORTS_H
#define TD_DEMO_REPORTS_H
#include <stddef.h>
#include <stdint.h>
#include "auth/password.h"
#include "core/err.h"
#include "core/period.h"
#include "store/db.h"

/* Environment variable that, when set to a date "YYYY-MM-DD", replaces today's date
 * for demo_reports_seed(d, NULL, ...): a demo (or a test) built as of a fixed day. */
#define DEMO_TODAY_ENV "TIENDO_DEMO_TODAY"

/* Adds indicators, targets (with a few revisions in target_history), one leader
 * user per approving organisation that has none (password hash copied from the
 * first demo user: no hashing here), reports with values and events, and one audit
 * row (entity "demo", action "seed_reports"), to a database where demo_seed has
 * loaded the province and the plans. today: "YYYY-MM-DD" in Vietnam, deciding
 * which periods exist yet; NULL means DEMO_TODAY_ENV when set, else
 * clock_today_vn(). Runs inside the caller's transaction (the caller rolls back on
 * error). Errors, with a message in err: TD_EINVALID for a malformed today or
 * DEMO_TODAY_ENV, TD_ENOTFOUND when the demo plans or users are missing,
 * TD_ECONFLICT when the plans already have indicators or a leader's username is
 * taken, or the database error. */
tderr demo_reports_seed(db *d, const char *today, char *err, size_t errlen);

/* ---- private: the tables (demo_indicators.c) ---- */

/* How an indicator's values and targets are made, per commune-equivalent (a
 * commune of average size; a district's own report stands for its communes the
 * demo does not model, and the province's for districts without an organisation). */
typedef enum demo_shape {
	DEMO_PATH,   /* planned: start -> final over the plan, a unit's rise scaled by its pace;
			a level for time_agg "last", an amount per year for "sum" */
	DEMO_BASE,   /* a denominator: start -> final whatever the pace; no target */
	DEMO_SHARE,  /* a part of indicator `of` in the same report: rate start -> final (0-1) */
	DEMO_RARE,   /* rare events (target 0): start = chance per commune-equivalent and year */
	DEMO_RATIO,  /* computed: numerator `of` over `den`; target = the numerator's rate */
} demo_shape;

typedef struct demo_indicator {
	const char *code, *name, *unit_label;
	const char *value_type, *time_agg, *direction, *frequency;
	int objective;          /* position of the plan objective (MTn); 0 = none */
	demo_shape shape;
	const char *of, *den;   /* SHARE: of; RATIO: of = numerator, den = denominator */
	double start, final;
	double province;        /* the province organisation's own share, commune-equivalents */
	double bias;            /* province-wide pace of the rise (1 = as planned) */
} demo_indicator;

/* A unit's pace on a plan, instead of the drawn one: < 1 lags, > 1 leads. */
typedef struct demo_pace {
	const char *unit_code;
	double perf;
} demo_pace;

/* What a plan's reports are made of: its indicators, the pace of some units, its
 * texts. In results, codes in braces ({RT01}) are replaced by the report's values; a
 * text is used only when every such value is there. */
typedef struct demo_plan_spec {
	const char *plan_code;
	const demo_indicator *indicators;
	size_t count;
	const demo_pace *paces;           /* unit_code NULL ends */
	const char *const *results;       /* NULL ends */
	const char *const *limitations;   /* NULL ends */
	const char *const *causes;        /* NULL ends */
	const char *const *recommendations; /* NULL ends */
	const char *const *return_reasons; /* NULL ends */
	const char *lag_limitation, *lag_cause, *lag_recommendation; /* for lagging units */
	const char *lag_comment;          /* a lagging unit's comment on indicator lag_code */
	const char *lag_code;
} demo_plan_spec;

extern const demo_plan_spec demo_plan_specs[];
extern const size_t demo_plan_specs_count;

/* Texts any plan may use. NULL ends each list. */
extern const char *const demo_common_limitations[];
extern const char *const demo_common_causes[];
extern const char *const demo_common_recommendations[];
extern const char *const demo_common_return_reasons[];
/* Said by units that lead their plan (Lạng Giang's way of working). */
extern const char *const demo_lead_results[];

/* A revised target (target_history): old value × factor, rounded. */
typedef struct demo_revision {
	const char *plan_code, *indicator_code, *unit_code;
	int year;
	double factor;
	const char *document;
} demo_revision;

extern const demo_revision demo_revisions[];
extern const size_t demo_revisions_count;
#define DEMO_REVISION_REASON "Điều chỉnh theo Kết luận hội nghị sơ kết"
#define DEMO_REVISION_AT "2023-06-26T02:30:00Z"  /* after the conference of 14/6/2023 */

/* Slugs for leader usernames: "<unit>.<system>.lanhdao". */
typedef struct demo_slug {
	const char *key, *slug;
} demo_slug;
extern const demo_slug demo_unit_slugs[];    /* district code -> "langgiang" */
extern const demo_slug demo_system_slugs[];  /* system -> "phunu" */

/* Units that report late more often, and communes that skip some months. */
typedef struct demo_habit {
	const char *unit_code;
	double late, skip;
} demo_habit;
extern const demo_habit demo_habits[];

/* ---- private: the seed at work (shared by demo_reports.c and demo_indicators.c) ---- */

#define DEMO_IND_MAX 16       /* indicators of one plan */
#define DEMO_YEARS_MAX 8      /* years of one plan */
#define DEMO_ORGS_MAX 128     /* organisations of one system */
#define DEMO_PERIODS_MAX 96   /* reporting periods of one plan and kind */
#define DEMO_LEADERS_MAX 256  /* approving organisations */

/* splitmix64, seeded from names: the demo's only randomness. */
typedef struct demo_rng {
	uint64_t s;
} demo_rng;
/* demo_indicators.c: a stream fixed by three names; its next number in [0, 1); a
 * number in [0, 1) fixed by two names. */
demo_rng demo_rng_for(const char *a, const char *b, const char *c);
double demo_rng01(demo_rng *r);
double demo_hash01(const char *a, const char *b);

/* An indicator of a plan being seeded. */
typedef struct demo_rind {
	const demo_indicator *spec;
	int64_t id;
	period_kind freq;
	int of, den;       /* indices of the parts in the plan; -1 */
	int flow;          /* time_agg sum: an amount per period, not a level */
	int decimals;      /* 0 for integers, 1 otherwise */
} demo_rind;

/* An organisation of the plan owner's system. */
typedef struct demo_rorg {
	int64_t id, unit_id, parent_org, creator, approver; /* creator 0: no demo user */
	char code[64], unit_code[16];
	int parent;        /* index in the plan's organisations; -1 at the top */
	int depth;         /* of its unit: 0 province, 1 district, 2 commune */
	double size;       /* commune-equivalents its own reports stand for */
	double perf;       /* pace: < 1 lags, > 1 leads */
	double late, skip; /* chance of a late report, of a missed month */
} demo_rorg;

/* A reporting period of a plan; days count from 1970-01-01, in Vietnam. */
typedef struct demo_rperiod {
	period p;
	char code[PERIOD_CODE_SIZE], deadline[PERIOD_DATETIME_SIZE];
	int64_t due_day, from_day, to_day;
	int month;         /* year * 12 + its last month - 1 */
	int months;        /* months covered */
	int state;         /* 0 not begun, 1 open, 2 deadline passed */
	int recency;       /* state 2: 0 = the latest passed period of its kind */
} demo_rperiod;

typedef struct demo_rplan {
	int64_t id, owner_org, owner_user;  /* owner_user: who set the targets; 0 none */
	char code[32], system[32], approved_on[PERIOD_DATE_SIZE];
	int start_year, end_year, m0, m_end; /* months (year * 12 + month - 1): approval, end */
	const demo_plan_spec *spec;
	demo_rind ind[DEMO_IND_MAX];
	size_t n_ind;
	demo_rorg org[DEMO_ORGS_MAX];       /* parents first */
	size_t n_org;
	demo_rperiod per[PERIOD_KIND_COUNT][DEMO_PERIODS_MAX];
	size_t n_per[PERIOD_KIND_COUNT];
} demo_rplan;

typedef struct demo_ctx {
	db *d;
	char *err;
	size_t errlen;
	char now[32], today[PERIOD_DATE_SIZE], hash[PASSWORD_HASH_MAX];
	int64_t bound;     /* start of today in Vietnam, UTC seconds: every event is before */
	int64_t leader_org[DEMO_LEADERS_MAX], leader_user[DEMO_LEADERS_MAX];
	size_t n_leaders;
	int indicators, targets, history, reports, values, events, users;
	int status[5];     /* by wf_status: draft, submitted, approved, returned */
	int generated;     /* leaders made so far: picks their names */
} demo_ctx;

/* The values of one report (the plan's indicators of the period's kind). */
typedef struct demo_rvals {
	double v[DEMO_IND_MAX];
	int has[DEMO_IND_MAX];
	const char *comment[DEMO_IND_MAX];
} demo_rvals;

/* demo_reports.c */
tderr demo_fail(demo_ctx *c, tderr e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
tderr demo_db_fail(demo_ctx *c, tderr e, const char *what);
/* Runs st for one integer into *out; 0 and TD_OK when there is no row. */
tderr demo_one_int(demo_ctx *c, db_stmt *st, int64_t *out, const char *what);

/* demo_indicators.c */
/* How far the plan is at a month (year * 12 + month - 1): 0 at approval, 1 at its end. */
double demo_progress(const demo_rplan *p, int month);
/* Index of the plan's indicator with that code; -1 when none (or code NULL). */
int demo_ind_index(const demo_rplan *p, const char *code);
/* Inserts the plan's indicators (ids into p->ind[].id). */
tderr demo_indicators_insert(demo_ctx *c, demo_rplan *p);
/* Inserts the targets of every organisation and year, and the revisions. */
tderr demo_targets_insert(demo_ctx *c, const demo_rplan *p);
/* How organisation o's report for period x ends: a wf_status, or DEMO_FATE_MISSING
 * for no report at all. finest: the plan's most frequent period kind. */
enum { DEMO_FATE_MISSING = 0 };
int demo_fate(const demo_rorg *o, const demo_rperiod *x, period_kind finest, int64_t today,
	      demo_rng *r);
/* The values organisation o reports for period x, drawn from r. */
void demo_values(const demo_rplan *p, const demo_rorg *o, const demo_rperiod *x, demo_rng *r,
		 demo_rvals *out);

#endif
