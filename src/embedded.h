/* embedded.h — files compiled into the binary at build time (tools/embed.c):
 * the web UI (web/) and the schema migrations (sql/). */
#ifndef TD_EMBEDDED_H
#define TD_EMBEDDED_H
#include <stddef.h>

typedef struct embedded_file {
	const char *path;            /* "index.html", "js/app.js", "001_init.sql" */
	const unsigned char *data;   /* size bytes followed by a NUL */
	size_t size;
} embedded_file;

extern const embedded_file td_web_assets[];
extern const size_t td_web_assets_count;
extern const embedded_file td_sql_migrations[];
extern const size_t td_sql_migrations_count;

#endif
