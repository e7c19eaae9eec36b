/* conference.h — lays out the conference report's draft (the JSON of
 * store/conference.h, possibly edited by a person) as an official .docx: Party or
 * state header, title, numbered sections, tables, closing block. */
#ifndef TD_EXPORT_CONFERENCE_H
#define TD_EXPORT_CONFERENCE_H
#include <jansson.h>
#include <stddef.h>
#include "core/err.h"

/* Caps on a draft. */
#define CONFDOC_META_MAX 2000        /* bytes of a header field */
#define CONFDOC_HEADING_MAX 2000     /* bytes of a heading */
#define CONFDOC_TEXT_MAX 20000       /* bytes of a paragraph or a cell */
#define CONFDOC_SECTIONS_MAX 20
#define CONFDOC_SUBSECTIONS_MAX 60
#define CONFDOC_PARAGRAPHS_MAX 500   /* per section or subsection */
#define CONFDOC_TABLES_MAX 20        /* per section or subsection */
#define CONFDOC_COLS_MAX 8
#define CONFDOC_ROWS_MAX 5000

/* Checks that draft has the shape and sizes above: TD_OK, or TD_EINVALID with a
 * short Vietnamese message and the offending field path ("sections[2].heading")
 * copied into msg / field (each at least 128 bytes). Only text is taken: nothing
 * in it is interpreted as markup. */
tderr confdoc_check(const json_t *draft, char *msg, size_t msglen, char *field,
		   size_t fieldlen);
/* The .docx of a checked draft, as malloc'd bytes (caller frees). */
tderr confdoc_render(const json_t *draft, char **buf, size_t *len);

#endif
