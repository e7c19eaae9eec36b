/* exports.c — /api/v1/exports: the conference report's draft as JSON, its .docx
 * (generated, or from an edited draft POSTed back), within the caller's scope. */
#include "api/access.h"
#include "api/api.h"
#include "api/evaluation.h"
#include "api/unit_history.h"
#include "core/clock.h"
#include "export/conference.h"
#include "store/conference.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_BODY_MAX (2u << 20)
static const char DOCX_TYPE[] =
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/* ?year=&unit=&format= into a draft. */
static tderr build_draft(http_req *r, json_t **out)
{
	const char *unit = NULL, *format = NULL;
	period p;
	tderr e;
	if ((e = req_query(r, "unit", &unit)) || (e = req_query(r, "format", &format)) ||
	    (e = evaluation_read_period(r, &p)))
		return e;
	if (p.kind != PERIOD_YEAR)
		return req_fail(r, TD_EBADREQ, "bad_period", "Báo cáo hội nghị là báo cáo năm", "period");
	if (format && *format && strcmp(format, "party") != 0 && strcmp(format, "state") != 0)
		return req_fail(r, TD_EBADREQ, "bad_format", "Thể thức: party hoặc state", "format");
	if (!unit || !*unit)
		unit = r->user->unit_code;
	int64_t unit_id;
	char path[UNIT_PATH_MAX], today[PERIOD_DATE_SIZE], now[PERIOD_DATETIME_SIZE];
	if ((e = evaluation_read_unit(r, unit, &unit_id, path)))
		return e;
	/* a report covers a subtree the caller sees whole: not a unit above its own */
	if (!r->user->unit_path || !scope_path_contains(r->user->unit_path, path))
		return req_fail(r, TD_ENOTFOUND, "not_found", "Không tìm thấy đơn vị hành chính", "unit");
	/* after a reform: the old units it took over, as far as the caller may read them */
	unit_root *roots = NULL;
	size_t nroots = 0;
	if ((e = access_unit_history_roots(r, path, &roots, &nroots)))
		return e;
	clock_today_vn(today, sizeof today);
	clock_iso(now, sizeof now);
	conf_query q = {.year = p.year, .unit_id = unit_id, .unit_code = unit, .unit_path = path,
			.format = format && !strcmp(format, "state") ? CONF_STATE : CONF_PARTY,
			.viewer = r->user, .today = today, .now = now,
			.values = unit_history_eval_values, .ctx = r, .roots = roots,
			.nroots = nroots};
	e = conference_draft(r->db, &q, out);
	free(roots);
	return e ? evaluation_fail(r, e) : TD_OK;
}

static tderr handle_draft_json(http_req *r)
{
	json_t *draft = NULL;
	tderr e = build_draft(r, &draft);
	return e ? e : req_reply_json(r, 200, draft);
}

/* Sends the .docx of a checked draft as an attachment. */
static tderr reply_docx(http_req *r, const json_t *draft, int year)
{
	char *buf = NULL;
	size_t len = 0;
	tderr e = confdoc_render(draft, &buf, &len);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EINVALID, "bad_text", "Văn bản không hợp lệ (UTF-8)", "sections");
	if (e)
		return req_fail(r, e, NULL, NULL, NULL);
	r->out = arena_strndup(r->a, buf, len);
	free(buf);
	if (!r->out)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	r->out_len = len;
	r->status = 200;
	r->content_type = DOCX_TYPE;
	char *cd = arena_printf(r->a,
				"attachment; filename=\"bao-cao-hoi-nghi-%d.docx\"; "
				"filename*=UTF-8''b%%C3%%A1o-c%%C3%%A1o-h%%E1%%BB%%99i-ngh%%E1%%BB%%8B-%d.docx",
				year, year);
	if (cd)
		req_add_header(r, "Content-Disposition", cd);
	return TD_OK;
}

/* The year in a draft's subject ("... năm 2024"), or 0. */
static int subject_year(const json_t *draft)
{
	const char *s = json_string_value(json_object_get(json_object_get(draft, "meta"), "subject"));
	size_t n = s ? strlen(s) : 0;
	if (n < 4)
		return 0;
	int y = 0;
	for (size_t i = n - 4; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y;
}

static tderr handle_draft_docx(http_req *r)
{
	json_t *draft = NULL;
	tderr e = build_draft(r, &draft);
	if (e)
		return e;
	e = reply_docx(r, draft, subject_year(draft));
	json_decref(draft);
	return e;
}

static tderr handle_edited_docx(http_req *r)
{
	json_t *draft;
	tderr e = req_body_object(r, &draft);
	if (e)
		return e;
	char msg[256], field[256];
	if (confdoc_check(draft, msg, sizeof msg, field, sizeof field)) {
		const char *m = arena_strdup(r->a, msg), *f = arena_strdup(r->a, field);
		return req_fail(r, TD_EINVALID, "bad_draft", m, f);
	}
	return reply_docx(r, draft, subject_year(draft));
}

const route api_exports_routes[] = {
	{"GET", "/api/v1/exports/conference-report.json", handle_draft_json, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/exports/conference-report.docx", handle_draft_docx, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/exports/conference-report.docx", handle_edited_docx, ROLE_ANY, ACCESS_NONE,
	 NULL, DRAFT_BODY_MAX},
};
const size_t api_exports_routes_count = sizeof api_exports_routes / sizeof *api_exports_routes;
