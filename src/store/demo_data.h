/* demo_data.h — private to demo.c: the tables of the demo province (Bắc Giang,
 * 2023) that docs/DEMO.md describes: organisations and heads, users, plans.
 * Plain data; demo.c turns it into rows. */
#ifndef TD_DEMO_DATA_H
#define TD_DEMO_DATA_H
#include <stddef.h>

/* The unit list the demo loads, relative to the seed directory. */
#define DEMO_UNITS_CSV "units/bac-giang-2023.csv"
/* GSO code of the demo province. */
#define DEMO_PROVINCE "24"

/* A head's term; to NULL = still in office. */
typedef struct demo_head {
	const char *name, *title, *from, *to;
} demo_head;

/* An organisation of the province, written out in full. heads: oldest first;
 * an entry with name NULL ends the list. */
typedef struct demo_org {
	const char *code, *name, *system, *parent_code;
	demo_head heads[3];
} demo_org;

extern const demo_org demo_province_orgs[];
extern const size_t demo_province_orgs_count;

/* An organisation made for each district and listed commune: its code is
 * code_prefix-UNITCODE, its parent the same prefix one level up. */
enum demo_naming {
	DEMO_NAME_PREFIX,  /* name_prefix + " " + "huyện Lạng Giang" */
	DEMO_NAME_YOUTH,   /* Huyện đoàn / Thành đoàn / Thị đoàn / Đoàn xã ... */
	DEMO_NAME_PARTY,   /* Huyện ủy / Thành ủy / Thị ủy ... */
};

typedef struct demo_template {
	const char *code_prefix, *system, *name_prefix;
	enum demo_naming naming;
	const char *title;
	int female;        /* 1: heads are women, 0: men, -1: either */
	int communes;      /* 1: also made at the listed communes */
} demo_template;

extern const demo_template demo_templates[];
extern const size_t demo_templates_count;

/* District-level units, by code (all ten of the province). */
extern const char *const demo_districts[];
extern const size_t demo_districts_count;
/* Communes that get organisations. */
extern const char *const demo_communes[];
extern const size_t demo_communes_count;

/* Name parts for the heads of district and commune organisations, picked by a
 * fixed rule so that every run gives the same names. */
extern const char *const demo_family_names[];
extern const size_t demo_family_names_count;
extern const char *const demo_male_middle[];
extern const size_t demo_male_middle_count;
extern const char *const demo_male_given[];
extern const size_t demo_male_given_count;
extern const char *const demo_female_middle[];
extern const size_t demo_female_middle_count;
extern const char *const demo_female_given[];
extern const size_t demo_female_given_count;
/* Start of the current term of district and commune heads. */
#define DEMO_LOCAL_TERM_FROM "2021-10-01"

typedef struct demo_user {
	const char *username, *full_name, *role, *org_code;
} demo_user;

extern const demo_user demo_users[];
extern const size_t demo_users_count;

#define DEMO_OBJECTIVES_MAX 5
#define DEMO_COORDINATORS_MAX 8

typedef struct demo_coordinator {
	const char *org_code, *role;   /* role: coordinate | supervise */
} demo_coordinator;

typedef struct demo_plan {
	const char *code, *kind, *title, *owner_code;
	int start_year, end_year;
	const char *approving_doc, *approved_on, *summary;
	const char *objectives[DEMO_OBJECTIVES_MAX];        /* NULL-terminated if fewer */
	demo_coordinator coordinators[DEMO_COORDINATORS_MAX]; /* org_code NULL ends */
} demo_plan;

extern const demo_plan demo_plans[];
extern const size_t demo_plans_count;

#endif
