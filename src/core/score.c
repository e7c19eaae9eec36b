/* score.c — weights, renormalisation, rounding and grades of an evaluation, the
 * indicators component (capped, direction-aware achievement) and the split of a
 * period between successive heads. Pure arithmetic over what the store gathered. */
#include "core/score.h"
#include "core/followup.h"
#include "core/period.h"
#include <math.h>
#include <string.h>

const char *const score_component_names[] = {"indicators", "tasks", "reports", "budget",
					     "findings", NULL};

/* Room for the floating-point error of a decimal written with one more place:
 * 89.95 is stored as 89.9499999999999957..., which people round to 90.0. */
#define SCORE_EPSILON 1e-9

score_config score_default_config(void)
{
	return (score_config){
		.weights = {50, 15, 15, 10, 10},
		.cap = 120.0,
		.excellent = 90.0,
		.good = 75.0,
		.pass = 50.0,
	};
}

static tderr config_fail(td_error *e, const char *code, const char *message, const char *field)
{
	if (e)
		*e = (td_error){TD_EINVALID, code, message, field};
	return TD_EINVALID;
}

static const char *const WEIGHT_FIELDS[SCORE_COMPONENTS] = {
	"weights.indicators", "weights.tasks", "weights.reports", "weights.budget",
	"weights.findings",
};

tderr score_config_check(const score_config *c, td_error *e)
{
	if (!c)
		return config_fail(e, "invalid", "Thiếu cấu hình chấm điểm", NULL);
	int sum = 0;
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		if (c->weights[i] < 0 || c->weights[i] > 100)
			return config_fail(e, "weight_range", "Trọng số là số nguyên từ 0 đến 100",
					   WEIGHT_FIELDS[i]);
		sum += c->weights[i];
	}
	if (sum != 100)
		return config_fail(e, "weights_sum", "Tổng các trọng số phải bằng 100", "weights");
	if (!isfinite(c->cap) || c->cap < SCORE_CAP_MIN || c->cap > SCORE_CAP_MAX)
		return config_fail(e, "cap_range", "Mức trần tỷ lệ đạt được từ 100 đến 1000 (%)",
				   "achievement_cap");
	if (!isfinite(c->excellent) || !isfinite(c->good) || !isfinite(c->pass) || c->pass <= 0 ||
	    c->pass >= c->good || c->good >= c->excellent || c->excellent > 100)
		return config_fail(e, "thresholds_order",
				   "Ngưỡng xếp loại phải tăng dần: 0 < hoàn thành < tốt < xuất sắc ≤ 100",
				   "thresholds");
	return TD_OK;
}

double score_round1(double v)
{
	if (!isfinite(v))
		return v;
	double r = floor(fabs(v) * 10.0 + 0.5 + SCORE_EPSILON) / 10.0;
	return v < 0 ? -r : r;
}

score_grade score_grade_of(const score_config *c, double score)
{
	if (!c || !isfinite(score))
		return SCORE_GRADE_NONE;
	if (score + SCORE_EPSILON >= c->excellent)
		return SCORE_GRADE_EXCELLENT;
	if (score + SCORE_EPSILON >= c->good)
		return SCORE_GRADE_GOOD;
	if (score + SCORE_EPSILON >= c->pass)
		return SCORE_GRADE_PASS;
	return SCORE_GRADE_FAIL;
}

const char *score_grade_label(score_grade g)
{
	switch (g) {
	case SCORE_GRADE_EXCELLENT: return "Hoàn thành xuất sắc nhiệm vụ";
	case SCORE_GRADE_GOOD: return "Hoàn thành tốt nhiệm vụ";
	case SCORE_GRADE_PASS: return "Hoàn thành nhiệm vụ";
	case SCORE_GRADE_FAIL: return "Không hoàn thành nhiệm vụ";
	case SCORE_GRADE_NONE: break;
	}
	return NULL;
}

const char *score_grade_code(score_grade g)
{
	switch (g) {
	case SCORE_GRADE_EXCELLENT: return "excellent";
	case SCORE_GRADE_GOOD: return "good";
	case SCORE_GRADE_PASS: return "pass";
	case SCORE_GRADE_FAIL: return "fail";
	case SCORE_GRADE_NONE: break;
	}
	return NULL;
}

void score_indicator_part(const score_indicator *in, double cap, score_achievement *out)
{
	memset(out, 0, sizeof *out);
	if (!in)
		return;
	double raw = 0;
	if (in->has_value) {
		out->has_raw = indicator_achievement(in->dir, &in->value, &in->target, &raw) &&
			       isfinite(raw);
		if (!out->has_raw)
			return; /* undefined: a zero "up" target, or a negative one */
		out->raw = raw;
		out->capped = raw > cap ? cap : raw < 0 ? 0 : raw;
		out->counted = 1;
		return;
	}
	if (in->due && !in->undefined && indicator_direction_name(in->dir)) {
		out->counted = 1;
		out->missing = 1;
		out->capped = 0;
	}
}

size_t score_indicators(const score_indicator *in, size_t n, double cap,
			score_achievement *each, double *value)
{
	if ((!in && n) || !value)
		return 0;
	double sum = 0;
	size_t counted = 0;
	for (size_t i = 0; i < n; i++) {
		score_achievement a;
		score_indicator_part(&in[i], cap, &a);
		if (each)
			each[i] = a;
		if (a.counted) {
			sum += a.capped;
			counted++;
		}
	}
	if (!counted)
		return 0;
	double mean = sum / (double)counted;
	*value = mean > 100.0 ? 100.0 : mean;
	return counted;
}

int score_rate(double num, double den, double *out)
{
	if (!out || !isfinite(num) || !isfinite(den) || den <= 0 || num < 0)
		return 0;
	double v = num / den * 100.0;
	*out = v > 100.0 ? 100.0 : v;
	return 1;
}

tderr score_compute(const score_config *c, const score_part parts[SCORE_COMPONENTS],
		    score_result *out)
{
	if (!out)
		return TD_EINVALID;
	memset(out, 0, sizeof *out);
	if (!c || !parts || score_config_check(c, NULL))
		return TD_EINVALID;
	int with_data = 0;
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		int has = parts[i].has_data && isfinite(parts[i].value);
		if (has)
			with_data += c->weights[i];
		else if (c->weights[i] > 0)
			out->renormalised = 1;
	}
	if (with_data == 0)
		return TD_OK;
	double score = 0;
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		if (!parts[i].has_data || !isfinite(parts[i].value))
			continue;
		double v = parts[i].value < 0 ? 0 : parts[i].value > 100 ? 100 : parts[i].value;
		out->weight[i] = (double)c->weights[i] * 100.0 / (double)with_data;
		out->contribution[i] = v * out->weight[i] / 100.0;
		score += out->contribution[i];
	}
	out->has_score = 1;
	out->score = score_round1(score);
	out->grade = score_grade_of(c, out->score);
	return TD_OK;
}

size_t score_split(const char *from, const char *to, const score_term *terms, size_t n,
		   score_slice *out, size_t max)
{
	int64_t total = 0;
	if (!from || !to || (!terms && n) || (!out && max) || !period_date_valid(from) ||
	    !period_date_valid(to) || followup_days_between(from, to, &total) || total < 0)
		return 0;
	total += 1;
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++) {
		const char *tf = terms[i].from, *tt = terms[i].to;
		int open = !tt || !*tt;
		if (!tf || !period_date_valid(tf) || (!open && !period_date_valid(tt)))
			continue;
		/* ISO dates compare as strings */
		const char *a = strcmp(tf, from) > 0 ? tf : from;
		const char *b = open || strcmp(tt, to) > 0 ? to : tt;
		int64_t days = 0;
		if (strcmp(a, b) > 0 || followup_days_between(a, b, &days))
			continue;
		score_slice *s = &out[k++];
		memset(s, 0, sizeof *s);
		s->term = i;
		memcpy(s->from, a, SCORE_DATE_SIZE - 1);
		memcpy(s->to, b, SCORE_DATE_SIZE - 1);
		s->days = days + 1;
		s->period_days = total;
		s->share = (double)s->days / (double)total;
	}
	return k;
}
