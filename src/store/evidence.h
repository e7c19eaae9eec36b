/* evidence.h — evidence files (minh chứng) attached to reports: what may be
 * uploaded (name, type, size), the content stored once by its SHA-256 under
 * ROOT/aa/<sha256> (written to a temporary file, fsynced, renamed), and the
 * metadata rows in evidence_files. */
#ifndef TD_EVIDENCE_H
#define TD_EVIDENCE_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/db.h"

#define EVIDENCE_SIZE_MAX (10u * 1024u * 1024u) /* bytes of one file */
#define EVIDENCE_NAME_MAX 255                   /* bytes of a stored name */
#define EVIDENCE_SHA_SIZE 65                    /* hex SHA-256 + NUL */
#define EVIDENCE_TYPE_SIZE 96                   /* longest content type + NUL */

/* Sets the directory the contents live in (serve passes DATA/files); copied.
 * Call once at start-up, before serving. NULL or "" clears it: storing and
 * reading then fail with TD_EUNAVAIL. */
void evidence_set_root(const char *dir);

/* Copies every stored content into the store rooted at dest (created; a backup's
 * DATA/files), each checked against its hash on the way; *copied counts them.
 * TD_OK with 0 when nothing was ever stored; TD_EINTERNAL for a damaged content
 * (named on stderr), I/O errors otherwise. */
tderr evidence_copy_all(const char *dest, size_t *copied);

/* The name a file is stored under: the last component of raw (after any '/' or
 * '\'), in NFC, without leading or trailing spaces, at most EVIDENCE_NAME_MAX
 * bytes. "../../x.pdf" -> "x.pdf". TD_EINVALID with e filled (field "name") when
 * raw is missing, not valid text, empty, "." or "..", or too long; out is then "".
 * out needs EVIDENCE_NAME_MAX + 1 bytes. */
tderr evidence_clean_name(const char *raw, char *out, size_t size, td_error *e);
/* Checks the file against the allow-list (pdf, jpg/jpeg, png, docx, xlsx, odt,
 * ods) by its name's extension and by its first bytes; *content_type is then a
 * static string. TD_EINVALID with e filled: empty_file, file_type_not_allowed,
 * file_content_mismatch; TD_ETOOLARGE (file_too_large) past EVIDENCE_SIZE_MAX. */
tderr evidence_check(const char *name, const void *data, size_t len,
		     const char **content_type, td_error *e);

/* Stores the bytes under their SHA-256 (hex into sha, EVIDENCE_SHA_SIZE bytes);
 * a content already stored is kept as it is. TD_EUNAVAIL without a root,
 * TD_ENOSPACE when the disk is full, TD_EINTERNAL for other I/O errors (logged). */
tderr evidence_put(const void *data, size_t len, char sha[EVIDENCE_SHA_SIZE]);
/* Reads the content stored under sha into buf, which must be exactly size bytes
 * (the stored size), and verifies its hash. TD_ENOTFOUND when absent, TD_EINTERNAL
 * when the size or the hash does not match (logged) or on I/O errors, TD_EUNAVAIL
 * without a root. */
tderr evidence_read(const char *sha, void *buf, size_t size);

/* One metadata row. */
typedef struct evidence_meta {
	int64_t id, report_id, size;
	char name[EVIDENCE_NAME_MAX + 1];
	char content_type[EVIDENCE_TYPE_SIZE];
	char sha256[EVIDENCE_SHA_SIZE];
} evidence_meta;

/* Inserts a metadata row (inside the caller's transaction); *id is the new id. */
tderr evidence_insert(db *d, int64_t report_id, const char *name, const char *content_type,
		      size_t size, const char *sha, int64_t user_id, int64_t *id);
/* The file file_id of the report. TD_ENOTFOUND when absent or of another report. */
tderr evidence_get(db *d, int64_t report_id, int64_t file_id, evidence_meta *out);
/* The report's files, oldest first: a new array of {id,name,size,sha256,
 * content_type,uploaded_at,uploaded_by:{id,full_name}|null}. */
tderr evidence_list(db *d, int64_t report_id, json_t **items);
/* Removes the metadata row (inside the caller's transaction; the content stays,
 * other rows may share it). TD_ENOTFOUND when absent or of another report. */
tderr evidence_delete(db *d, int64_t report_id, int64_t file_id);
/* A metadata row as JSON, for the audit log: {id,name,size,sha256,content_type}. */
json_t *evidence_meta_json(const evidence_meta *m);

#endif
