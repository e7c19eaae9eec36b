/* zipxml.h — test helpers shared by the export tests: read one part of a zip
 * package (docx, xlsx) with libzip and check that an XML part is well-formed with
 * expat. Header-only; included by the test files that need it. */
#ifndef TD_TEST_ZIPXML_H
#define TD_TEST_ZIPXML_H
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The bytes of entry `name` in the zip file at path, NUL-terminated (caller
 * frees); NULL when the file or the entry is missing. */
static inline char *zx_read(const char *path, const char *name, size_t *len)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	if (!za)
		return NULL;
	zip_stat_t st;
	char *out = NULL;
	if (zip_stat(za, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		zip_file_t *f = zip_fopen(za, name, 0);
		out = f ? malloc(st.size + 1) : NULL;
		if (out && zip_fread(f, out, st.size) == (zip_int64_t)st.size) {
			out[st.size] = 0;
			if (len)
				*len = st.size;
		} else {
			free(out);
			out = NULL;
		}
		if (f)
			zip_fclose(f);
	}
	zip_discard(za);
	return out;
}

/* Number of entries of the zip file at path (-1 when it does not open). */
static inline long zx_entries(const char *path)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!za)
		return -1;
	long n = (long)zip_get_num_entries(za, 0);
	zip_discard(za);
	return n;
}

/* 1 when xml[0..len) is a well-formed XML document; otherwise 0 and a message
 * (expat's, with the line) in msg. */
static inline int zx_well_formed(const char *xml, size_t len, char *msg, size_t size)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return 0;
	int ok = XML_Parse(p, xml, (int)len, 1) == XML_STATUS_OK;
	if (!ok && msg)
		snprintf(msg, size, "%s at line %lu column %lu",
			 XML_ErrorString(XML_GetErrorCode(p)),
			 (unsigned long)XML_GetCurrentLineNumber(p),
			 (unsigned long)XML_GetCurrentColumnNumber(p));
	XML_ParserFree(p);
	return ok;
}

/* Number of times needle occurs in hay. */
static inline size_t zx_count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = hay; k && (p = strstr(p, needle)) != NULL; p += k)
		n++;
	return n;
}

#endif
