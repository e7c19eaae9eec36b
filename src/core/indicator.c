/* indicator.c — indicator kinds by name, the check of an entered value, and the
 * arithmetic of the reporting contract (achievement, adding up over time, ratios),
 * kept in one place so that store, cube and reports compute the same figures. */
#include "core/indicator.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const indicator_value_types[] = {"integer", "decimal", "percent", "boolean", NULL};
const char *const indicator_time_aggs[] = {"sum", "last", "max", "avg", NULL};
const char *const indicator_unit_aggs[] = {"sum", "ratio", NULL};
const char *const indicator_directions[] = {"up", "down", NULL};
const char *const indicator_frequencies[] = {"month", "quarter", "half", "year", NULL};

/* Index + 1 of name in the NULL-terminated list, 0 when absent. */
static int name_index(const char *const *names, const char *name)
{
	if (!name)
		return 0;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i + 1;
	return 0;
}

/* names[v - 1] when v is a valid enum value of a list of count names. */
static const char *index_name(const char *const *names, int count, int v)
{
	return v >= 1 && v <= count ? names[v - 1] : NULL;
}

indicator_value_type indicator_value_type_from_name(const char *name)
{
	return (indicator_value_type)name_index(indicator_value_types, name);
}

indicator_time_agg indicator_time_agg_from_name(const char *name)
{
	return (indicator_time_agg)name_index(indicator_time_aggs, name);
}

indicator_unit_agg indicator_unit_agg_from_name(const char *name)
{
	return (indicator_unit_agg)name_index(indicator_unit_aggs, name);
}

indicator_direction indicator_direction_from_name(const char *name)
{
	return (indicator_direction)name_index(indicator_directions, name);
}

period_kind indicator_frequency_from_name(const char *name)
{
	return name_index(indicator_frequencies, name) ? period_kind_from_name(name) : PERIOD_NONE;
}

const char *indicator_value_type_name(indicator_value_type t)
{
	return index_name(indicator_value_types, 4, (int)t);
}

const char *indicator_time_agg_name(indicator_time_agg t)
{
	return index_name(indicator_time_aggs, 4, (int)t);
}

const char *indicator_unit_agg_name(indicator_unit_agg t)
{
	return index_name(indicator_unit_aggs, 2, (int)t);
}

const char *indicator_direction_name(indicator_direction d)
{
	return index_name(indicator_directions, 2, (int)d);
}

/* ---- checking an entered value ---- */

/* v the Vietnamese way: '.' between thousands, ',' before the decimals, at most
 * six decimals without trailing zeros ("1.234.567,5", "-0,25"). Magnitudes past
 * 10^15 are written in exponent form, where grouping means nothing. */
static void format_vn(double v, char *buf, size_t size)
{
	if (!isfinite(v) || fabs(v) >= 1e15) {
		snprintf(buf, size, "%g", v);
		return;
	}
	char raw[48];
	snprintf(raw, sizeof raw, "%.6f", fabs(v));
	char *dot = strchr(raw, '.');
	size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
	size_t frac_len = dot ? strlen(dot + 1) : 0;
	while (frac_len > 0 && dot[frac_len] == '0')
		frac_len--;
	char out[80];
	size_t k = 0;
	int negative = v < 0 && (strspn(raw, "0.") != strlen(raw));
	if (negative)
		out[k++] = '-';
	for (size_t i = 0; i < int_len; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = raw[i];
	}
	if (frac_len > 0) {
		out[k++] = ',';
		memcpy(out + k, dot + 1, frac_len);
		k += frac_len;
	}
	out[k] = 0;
	snprintf(buf, size, "%s", out);
}

/* 1 when v has at most d decimal places, allowing for binary rounding (0.29 is
 * 0.28999... in a double). */
static int fits_decimals(double v, int d)
{
	double scaled = v * pow(10.0, d);
	if (!isfinite(scaled))
		return 1; /* too large to carry any fraction */
	return fabs(scaled - nearbyint(scaled)) <= 1e-9 * fmax(1.0, fabs(scaled));
}

static tderr value_fail(const char **code, const char *c, char *msg, size_t size,
			const char *text)
{
	if (code)
		*code = c;
	if (msg && size > 0)
		snprintf(msg, size, "%s", text);
	return TD_EINVALID;
}

/* The bounds message: "từ A đến B", "không được nhỏ hơn A", "không được lớn hơn B". */
static tderr bounds_fail(const char **code, const char *c, int has_lo, double lo,
			 int has_hi, double hi, char *msg, size_t size)
{
	char a[48], b[48];
	format_vn(lo, a, sizeof a);
	format_vn(hi, b, sizeof b);
	if (code)
		*code = c;
	if (!msg || size == 0)
		return TD_EINVALID;
	if (has_lo && has_hi)
		snprintf(msg, size, "Giá trị phải từ %s đến %s", a, b);
	else if (has_lo)
		snprintf(msg, size, "Giá trị không được nhỏ hơn %s", a);
	else
		snprintf(msg, size, "Giá trị không được lớn hơn %s", b);
	return TD_EINVALID;
}

tderr indicator_check_value(const indicator_rules *r, double v, const char **code,
			    char *msg, size_t size)
{
	if (!r || r->type <= IND_TYPE_NONE || r->type > IND_TYPE_BOOLEAN)
		return value_fail(code, "bad_rules", msg, size, "Chỉ tiêu không xác định kiểu giá trị");
	if (!isfinite(v))
		return value_fail(code, "not_finite", msg, size, "Giá trị phải là một số hữu hạn");
	if (fabs(v) > INDICATOR_VALUE_LIMIT) /* sums must stay finite */
		return value_fail(code, "too_large", msg, size,
				  "Giá trị vượt quá giới hạn (tối đa 1.000.000.000.000.000 theo trị tuyệt đối)");
	if (r->type == IND_TYPE_BOOLEAN) {
		if (v != 0.0 && v != 1.0)
			return value_fail(code, "not_boolean", msg, size,
					  "Giá trị chỉ nhận 0 (chưa đạt) hoặc 1 (đạt)");
		return TD_OK;
	}
	if (r->type == IND_TYPE_INTEGER && v != floor(v))
		return value_fail(code, "not_integer", msg, size, "Giá trị phải là số nguyên");
	int has_lo = r->has_min, has_hi = r->has_max;
	double lo = r->min, hi = r->max;
	if (r->type == IND_TYPE_PERCENT) {
		if (!has_lo)
			lo = 0.0, has_lo = 1;
		if (!has_hi)
			hi = 100.0, has_hi = 1;
	}
	if (has_lo && v < lo)
		return bounds_fail(code, "below_min", has_lo, lo, has_hi, hi, msg, size);
	if (has_hi && v > hi)
		return bounds_fail(code, "above_max", has_lo, lo, has_hi, hi, msg, size);
	int d = r->decimals < 0 ? 0 : r->decimals > INDICATOR_DECIMALS_MAX ? INDICATOR_DECIMALS_MAX
									  : r->decimals;
	if (r->type != IND_TYPE_INTEGER && !fits_decimals(v, d)) {
		if (code)
			*code = "too_many_decimals";
		if (msg && size > 0) {
			if (d == 0)
				snprintf(msg, size, "Giá trị phải là số nguyên (chỉ tiêu không có phần thập phân)");
			else
				snprintf(msg, size, "Chỉ được nhập tối đa %d chữ số thập phân", d);
		}
		return TD_EINVALID;
	}
	return TD_OK;
}

/* ---- the arithmetic of the contract ---- */

int indicator_achievement(indicator_direction dir, const double *value, const double *target,
			  double *out)
{
	if (!value || !target || !out || !isfinite(*value) || !isfinite(*target))
		return 0;
	double a;
	if (dir == IND_DIR_UP) {
		if (*target == 0.0)
			return 0;
		a = *value / *target * 100.0;
	} else if (dir == IND_DIR_DOWN) {
		if (*value == 0.0) {
			if (*target < 0.0)
				return 0;
			a = 100.0;
		} else {
			a = *target / *value * 100.0;
		}
	} else {
		return 0;
	}
	if (!isfinite(a))
		return 0;
	*out = a;
	return 1;
}

int indicator_target_comparable(indicator_time_agg time_agg, indicator_unit_agg unit_agg,
				period_kind p)
{
	if (p <= PERIOD_NONE || p >= PERIOD_KIND_COUNT || time_agg <= IND_TIME_NONE ||
	    time_agg > IND_TIME_AVG || unit_agg <= IND_UNIT_NONE || unit_agg > IND_UNIT_RATIO)
		return 0;
	if (p == PERIOD_YEAR || unit_agg == IND_UNIT_RATIO)
		return 1;
	return time_agg != IND_TIME_SUM;
}

int indicator_time_aggregate(indicator_time_agg agg, const indicator_point *pts, size_t n,
			     double *out)
{
	if (!out || (n > 0 && !pts) || agg <= IND_TIME_NONE || agg > IND_TIME_AVG)
		return 0;
	size_t count = 0;
	double acc = 0.0;
	int last_order = 0;
	for (size_t i = 0; i < n; i++) {
		if (!pts[i].has_value)
			continue;
		double v = pts[i].value;
		switch (agg) {
		case IND_TIME_SUM:
		case IND_TIME_AVG:
			acc += v;
			break;
		case IND_TIME_MAX:
			if (count == 0 || v > acc)
				acc = v;
			break;
		case IND_TIME_LAST:
			if (count == 0 || pts[i].order >= last_order) {
				acc = v;
				last_order = pts[i].order;
			}
			break;
		case IND_TIME_NONE:
			return 0;
		}
		count++;
	}
	if (count == 0)
		return 0;
	*out = agg == IND_TIME_AVG ? acc / (double)count : acc;
	return 1;
}

int indicator_ratio(indicator_value_type type, double num, double den, double *out)
{
	if (!out || den == 0.0 || !isfinite(num) || !isfinite(den))
		return 0;
	double v = num / den;
	if (type == IND_TYPE_PERCENT)
		v *= 100.0;
	if (!isfinite(v))
		return 0;
	*out = v;
	return 1;
}
