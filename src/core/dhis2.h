/* dhis2.h — the DHIS2 dataValueSets exchange format: reading a JSON document into
 * its data values one at a time, within caps and with the line each value starts
 * on; writing one; and period codes between DHIS2 and ours. Pure: no I/O. */
#ifndef TD_DHIS2_H
#define TD_DHIS2_H
#include <jansson.h>
#include <stddef.h>
#include "core/err.h"
#include "core/period.h"

#define DHIS2_VALUES_MAX 200000   /* data values in one document */
#define DHIS2_FIELD_MAX 1024      /* bytes of one string field, decoded */
#define DHIS2_DEPTH_MAX 64        /* nesting of the document, anywhere */
#define DHIS2_MESSAGE_SIZE 200    /* room for any message of dhis2_parse */

/* One data value as the document gives it. Strings are decoded, valid UTF-8 text
 * of at most DHIS2_FIELD_MAX bytes, and live only during the callback; NULL when
 * the key is absent or null. period and org_unit fall back to the document's
 * top-level "period" and "orgUnit". value is the text of a string or a number as
 * written ("12.5"), "true"/"false" for a boolean. Other keys (categoryOptionCombo,
 * storedBy, ...) are skipped. */
typedef struct dhis2_value {
	size_t index;             /* 0-based position in dataValues */
	int line;                 /* 1-based line of the text where its object opens */
	const char *data_element;
	const char *period;
	const char *org_unit;
	const char *value;
	const char *comment;
	int deleted;              /* "deleted": true */
} dhis2_value;

/* Called once per data value, in document order; return 0 to go on, anything
 * else to stop (dhis2_parse then returns TD_OK without reading further). */
typedef int (*dhis2_value_fn)(void *ctx, const dhis2_value *v);

/* Where and why a document was refused: line 1-based; message Vietnamese. */
typedef struct dhis2_error {
	int line;
	char message[DHIS2_MESSAGE_SIZE];
} dhis2_error;

/* Reads a dataValueSets document {"dataValues":[{...},...], "period"?, "orgUnit"?,
 * ...} of len bytes (need not be NUL-terminated). The whole document is checked
 * first — JSON syntax, the shape above, at most DHIS2_VALUES_MAX values, nesting at
 * most DHIS2_DEPTH_MAX, strings valid UTF-8 and within DHIS2_FIELD_MAX — so fn is
 * called for no value of a document that is refused. TD_OK when the document was
 * read (fn may have stopped it); TD_EINVALID with err filled (err may be NULL)
 * when it is refused; TD_EINTERNAL for NULL buf with len > 0, NULL fn, or no
 * memory. */
tderr dhis2_parse(const char *buf, size_t len, dhis2_value_fn fn, void *ctx,
		  dhis2_error *err);

/* Our period for a DHIS2 period code: yearly "2024", six-monthly "2024S1",
 * quarterly "2024Q2", monthly "202405" (the same codes as ours). TD_EINVALID for
 * anything else, with *reason (may be NULL) a static Vietnamese sentence: nine
 * months "2024N9" has no DHIS2 equivalent; weekly, bi-monthly, financial-year and
 * daily periods are not reported here; other text is not a period. */
tderr dhis2_period_parse(const char *code, period *out, const char **reason);
/* The DHIS2 code of p into buf (PERIOD_CODE_SIZE is enough). TD_ENOTFOUND for
 * nine months (no DHIS2 equivalent); TD_EINVALID when p is invalid or buf NULL or
 * too small (buf is then "" when size > 0). */
tderr dhis2_period_format(const period *p, char *buf, size_t size);

/* The shortest decimal text that reads back as exactly v ("12", "0.1", "-3.25"),
 * as DHIS2 stores values. 32 bytes are enough. TD_EINVALID for a value that is
 * not finite or a buffer too small. */
tderr dhis2_value_text(double v, char *buf, size_t size);

/* A new, empty export document {"dataElementIdScheme":"CODE",
 * "orgUnitIdScheme":"CODE","dataValues":[]}: data elements and org units are
 * named by code. New reference; NULL when out of memory. */
json_t *dhis2_doc_new(void);
/* Appends {"dataElement","period","orgUnit","value"[,"comment"]} to doc's
 * dataValues (comment only when non-empty). Returns 1 when appended, 0 when
 * skipped because p has no DHIS2 code (nine months), -1 for bad arguments (NULL
 * strings, invalid p, a value that is not finite, a doc without dataValues) or no
 * memory. */
int dhis2_doc_add(json_t *doc, const char *data_element, const period *p,
		  const char *org_unit, double value, const char *comment);

#endif
