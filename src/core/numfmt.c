/* numfmt.c — %lld and %.17g by exact integer arithmetic. A double is m·2^e with
 * m < 2^53; its 17 significant digits are round(m·2^e·10^k) for the k that gives a
 * 17-digit integer, computed in 128 bits (m·10^k < 2^53·10^20 < 2^120) with the
 * remainder deciding the rounding, exactly as printf's multi-precision code does.
 * In the range handled, %.17g always takes the fixed-point form. */
#include "core/numfmt.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

size_t numfmt_int(int64_t v, char buf[NUMFMT_SIZE])
{
	char tmp[24];
	char *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	size_t n = (size_t)(tmp + sizeof tmp - p);
	memcpy(buf, p, n);
	buf[n] = 0;
	return n;
}

/* 10^k for 0 <= k <= 20 (10^20 needs more than 64 bits). */
static u128 pow10_u128(int k)
{
	static const uint64_t p[20] = {1ull,
				       10ull,
				       100ull,
				       1000ull,
				       10000ull,
				       100000ull,
				       1000000ull,
				       10000000ull,
				       100000000ull,
				       1000000000ull,
				       10000000000ull,
				       100000000000ull,
				       1000000000000ull,
				       10000000000000ull,
				       100000000000000ull,
				       1000000000000000ull,
				       10000000000000000ull,
				       100000000000000000ull,
				       1000000000000000000ull,
				       10000000000000000000ull};
	return k < 20 ? (u128)p[k] : (u128)p[19] * 10;
}

/* round(m·2^e·10^k), ties to even; k >= 0. */
static u128 scaled(uint64_t m, int e, int k)
{
	u128 n = (u128)m * pow10_u128(k);
	if (e >= 0)
		return n << e;
	int s = -e;
	u128 q = n >> s, r = n & (((u128)1 << s) - 1), half = (u128)1 << (s - 1);
	if (r > half || (r == half && (q & 1)))
		q++;
	return q;
}

size_t numfmt_g17(double v, char buf[NUMFMT_SIZE])
{
	double a = fabs(v);
	if (!isfinite(v) || a < 1e-3 || a >= 1e17)
		return (size_t)snprintf(buf, NUMFMT_SIZE, "%.17g", v);
	int e2;
	double fr = frexp(a, &e2);
	uint64_t m = (uint64_t)ldexp(fr, 53);
	int e = e2 - 53;
	int x = (int)floor(log10(a));
	const u128 lo = pow10_u128(16), hi = pow10_u128(17);
	u128 q = 0;
	for (int tries = 0; tries < 4; tries++) {
		int k = 16 - x;
		if (k < 0 || k > 20)
			return (size_t)snprintf(buf, NUMFMT_SIZE, "%.17g", v);
		q = scaled(m, e, k);
		if (q >= hi)
			x++;
		else if (q < lo)
			x--;
		else
			break;
	}
	if (q < lo || q >= hi || x < -4 || x >= 17)
		return (size_t)snprintf(buf, NUMFMT_SIZE, "%.17g", v);
	char dig[17];
	uint64_t q64 = (uint64_t)q; /* < 10^17: 64-bit divisions from here */
	for (int i = 16; i >= 0; i--) {
		dig[i] = (char)('0' + (int)(q64 % 10));
		q64 /= 10;
	}
	size_t n = 0;
	if (signbit(v))
		buf[n++] = '-';
	int point; /* digits before the decimal point */
	if (x >= 0) {
		point = x + 1;
		memcpy(buf + n, dig, (size_t)point);
		n += (size_t)point;
	} else {
		point = 0;
		buf[n++] = '0';
	}
	/* the fraction: zeros for a negative exponent, then the remaining digits,
	 * trailing zeros dropped (and the point with them when nothing is left) */
	int last = 16;
	while (last >= point && dig[last] == '0')
		last--;
	if (last >= point || x < 0) {
		buf[n++] = '.';
		for (int z = 0; z < -x - 1; z++)
			buf[n++] = '0';
		for (int i = point; i <= last; i++)
			buf[n++] = dig[i];
	}
	buf[n] = 0;
	return n;
}
