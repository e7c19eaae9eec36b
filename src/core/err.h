/* err.h — the one error vocabulary of Tiến Độ.
 * Every function that can fail returns a tderr (0 = ok). The HTTP layer turns a
 * tderr into a status and a JSON body in exactly one place (http_send_error). */
#ifndef TD_ERR_H
#define TD_ERR_H

typedef enum tderr {
	TD_OK = 0,
	TD_EBADREQ,     /* 400 malformed input */
	TD_EUNAUTH,     /* 401 no valid session */
	TD_EFORBIDDEN,  /* 403 not allowed / CSRF */
	TD_ENOTFOUND,   /* 404 */
	TD_ECONFLICT,   /* 409 stale version or state conflict */
	TD_ETOOLARGE,   /* 413 body too large */
	TD_EINVALID,    /* 422 valid JSON, invalid content */
	TD_ETHROTTLED,  /* 429 */
	TD_EINTERNAL,   /* 500 */
	TD_EUNAVAIL,    /* 503 database busy / shutting down */
	TD_ENOSPACE     /* 507 disk full */
} tderr;

/* Details of a failure, filled by the function that failed. Strings are static
 * or arena-owned; none is freed by the receiver. */
typedef struct td_error {
	tderr kind;
	const char *code;     /* snake_case, English */
	const char *message;  /* Vietnamese, for people */
	const char *field;    /* optional: which input field */
} td_error;

/* HTTP status for an error kind (200 for TD_OK). */
int td_err_status(tderr e);
/* Default snake_case code for an error kind. */
const char *td_err_code(tderr e);
/* Default Vietnamese message for an error kind. */
const char *td_err_message(tderr e);

#endif
