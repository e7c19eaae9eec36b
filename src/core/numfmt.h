/* numfmt.h — numbers to text without printf where it is measurably slow: the
 * analytics answer writes thousands of them. The output is byte for byte what
 * snprintf gives (the API tests compare whole answers). */
#ifndef TD_NUMFMT_H
#define TD_NUMFMT_H
#include <stddef.h>
#include <stdint.h>

#define NUMFMT_SIZE 40 /* room for any result, NUL included */

/* Writes v as snprintf(buf, NUMFMT_SIZE, "%lld", v) would; returns the length. */
size_t numfmt_int(int64_t v, char buf[NUMFMT_SIZE]);
/* Writes v as snprintf(buf, NUMFMT_SIZE, "%.17g", v) would (round to nearest, ties
 * to even: the default rounding mode); returns the length. Finite values between
 * 1e-3 and 1e17 in magnitude are done with exact integer arithmetic, others by
 * snprintf. */
size_t numfmt_g17(double v, char buf[NUMFMT_SIZE]);

#endif
