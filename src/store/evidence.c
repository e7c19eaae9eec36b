/* evidence.c — evidence files: the allow-list of types checked by name and by
 * first bytes, the content-addressed store on disk (temporary file, fsync, rename,
 * fsync of the directory, so a crash leaves either no file or the whole file), and
 * the metadata rows. */
#include "store/evidence.h"
#include "core/clock.h"
#include "core/vntext.h"
#include "store/store.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOT_MAX 3072 /* leaves room in a PATH_MAX buffer for /aa/<sha256> */

static char g_root[ROOT_MAX]; /* set once at start-up, read-only afterwards */

void evidence_set_root(const char *dir)
{
	g_root[0] = 0;
	if (dir && strlen(dir) < sizeof g_root)
		memcpy(g_root, dir, strlen(dir) + 1);
	else if (dir)
		fprintf(stderr, "tiendo: evidence: directory name too long, uploads disabled\n");
}

static tderr set_err(td_error *e, tderr kind, const char *code, const char *msg,
		     const char *field)
{
	if (e) {
		e->kind = kind;
		e->code = code;
		e->message = msg;
		e->field = field;
	}
	return kind;
}

/* ---- names and types ---- */

tderr evidence_clean_name(const char *raw, char *out, size_t size, td_error *e)
{
	if (out && size)
		out[0] = 0;
	if (!out || size < EVIDENCE_NAME_MAX + 1)
		return set_err(e, TD_EINTERNAL, NULL, NULL, NULL);
	if (!raw || !*raw)
		return set_err(e, TD_EINVALID, "required", "Thiếu tên tệp (tham số name)", "name");
	if (!vn_valid_text(raw, strlen(raw)))
		return set_err(e, TD_EINVALID, "bad_file_name", "Tên tệp không hợp lệ", "name");
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++)
		if (*p < 0x20 || *p == 0x7f) /* line breaks, tabs, escapes: headers and logs */
			return set_err(e, TD_EINVALID, "bad_file_name",
				       "Tên tệp chứa ký tự điều khiển (xuống dòng, tab...)", "name");
	const char *base = raw;
	for (const char *p = raw; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	base += strspn(base, " ");
	size_t n = strlen(base);
	while (n && base[n - 1] == ' ')
		n--;
	if (n == 0 || (n == 1 && base[0] == '.') || (n == 2 && base[0] == '.' && base[1] == '.'))
		return set_err(e, TD_EINVALID, "bad_file_name", "Tên tệp không hợp lệ", "name");
	char *trimmed = strndup(base, n);
	char *nfc = trimmed ? vn_nfc(trimmed) : NULL;
	free(trimmed);
	if (!nfc)
		return set_err(e, TD_EINTERNAL, NULL, NULL, NULL);
	size_t len = strlen(nfc);
	tderr err = TD_OK;
	if (len > EVIDENCE_NAME_MAX)
		err = set_err(e, TD_EINVALID, "too_long", "Tên tệp quá dài (tối đa 255 byte)", "name");
	else
		memcpy(out, nfc, len + 1);
	free(nfc);
	return err;
}

static const struct {
	const char *ext;
	const char *content_type;
	const char *magic;
	size_t magic_len;
} file_types[] = {
	{"pdf", "application/pdf", "%PDF-", 5},
	{"jpg", "image/jpeg", "\xFF\xD8\xFF", 3},
	{"jpeg", "image/jpeg", "\xFF\xD8\xFF", 3},
	{"png", "image/png", "\x89PNG\r\n\x1A\n", 8},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	 "PK\x03\x04", 4},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 "PK\x03\x04", 4},
	{"odt", "application/vnd.oasis.opendocument.text", "PK\x03\x04", 4},
	{"ods", "application/vnd.oasis.opendocument.spreadsheet", "PK\x03\x04", 4},
};

/* 1 when the extension ext equals want, ASCII case-insensitively. */
static int ext_is(const char *ext, const char *want)
{
	size_t i = 0;
	for (; ext[i] && want[i]; i++) {
		char c = ext[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return 0;
	}
	return ext[i] == 0 && want[i] == 0;
}

tderr evidence_check(const char *name, const void *data, size_t len,
		     const char **content_type, td_error *e)
{
	if (len > EVIDENCE_SIZE_MAX)
		return set_err(e, TD_ETOOLARGE, "file_too_large", "Tệp quá lớn (tối đa 10 MiB)", NULL);
	if (len == 0 || !data)
		return set_err(e, TD_EINVALID, "empty_file", "Tệp rỗng", NULL);
	const char *dot = name ? strrchr(name, '.') : NULL;
	for (size_t i = 0; dot && i < sizeof file_types / sizeof file_types[0]; i++) {
		if (!ext_is(dot + 1, file_types[i].ext))
			continue;
		if (len < file_types[i].magic_len ||
		    memcmp(data, file_types[i].magic, file_types[i].magic_len) != 0)
			return set_err(e, TD_EINVALID, "file_content_mismatch",
				       "Nội dung tệp không khớp với phần mở rộng của tên tệp", "name");
		*content_type = file_types[i].content_type;
		return TD_OK;
	}
	return set_err(e, TD_EINVALID, "file_type_not_allowed",
		       "Chỉ nhận tệp pdf, jpg, png, docx, xlsx, odt, ods", "name");
}

/* ---- content on disk ---- */

static void sha256_hex(const void *data, size_t len, char hex[EVIDENCE_SHA_SIZE])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, EVIDENCE_SHA_SIZE, h, sizeof h);
}

static int sha_valid(const char *sha)
{
	if (!sha || strlen(sha) != 64)
		return 0;
	for (size_t i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return 1;
}

static tderr io_fail(const char *what, const char *path)
{
	int err = errno;
	fprintf(stderr, "tiendo: evidence: %s %s: %s\n", what, path, strerror(err));
	return (err == ENOSPC || err == EDQUOT) ? TD_ENOSPACE : TD_EINTERNAL;
}

static tderr fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return io_fail("open", dir);
	int rc = fsync(fd);
	tderr e = rc ? io_fail("fsync", dir) : TD_OK;
	close(fd);
	return e;
}

/* Creates dir when absent; a new directory is made durable in its parent. */
static tderr ensure_dir(const char *dir, const char *parent)
{
	if (mkdir(dir, 0750) == 0)
		return parent ? fsync_dir(parent) : TD_OK;
	if (errno == EEXIST)
		return TD_OK;
	return io_fail("mkdir", dir);
}

static tderr write_all(int fd, const unsigned char *p, size_t len, const char *path)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return io_fail("write", path);
		p += w;
		len -= (size_t)w;
	}
	return TD_OK;
}

/* 1 when path already holds exactly the bytes of sha (a damaged copy is replaced). */
static int already_stored(const char *path, const char *sha, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0 || st.st_size != (off_t)len)
		return 0;
	void *buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	int ok = evidence_read(sha, buf, len) == TD_OK;
	free(buf);
	return ok;
}

/* Stores data under root/xx/sha (sha already computed): temporary file, fsync,
 * rename, fsync of the directory. A copy already there is kept when it is whole
 * (only checked in the live store: a backup's store is new). */
static tderr put_at(const char *root, const void *data, size_t len, const char *sha)
{
	char dir[PATH_MAX], final[PATH_MAX], tmp[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/%.2s", root, sha);
	snprintf(final, sizeof final, "%s/%.2s/%.64s", root, sha, sha);
	snprintf(tmp, sizeof tmp, "%s/%.2s/.tmp-%.16s-XXXXXX", root, sha, sha);
	tderr e;
	if ((e = ensure_dir(root, NULL)) || (e = ensure_dir(dir, root)))
		return e;
	if (root == g_root && already_stored(final, sha, len))
		return TD_OK;
	int fd = mkstemp(tmp);
	if (fd < 0)
		return io_fail("create", tmp);
	e = write_all(fd, data, len, tmp);
	if (!e && fsync(fd) != 0)
		e = io_fail("fsync", tmp);
	if (close(fd) != 0 && !e)
		e = io_fail("close", tmp);
	if (!e && rename(tmp, final) != 0)
		e = io_fail("rename", tmp);
	if (e) {
		unlink(tmp);
		return e;
	}
	return fsync_dir(dir);
}

tderr evidence_put(const void *data, size_t len, char sha[EVIDENCE_SHA_SIZE])
{
	if (!g_root[0])
		return TD_EUNAVAIL;
	sha256_hex(data, len, sha);
	return put_at(g_root, data, len, sha);
}

/* Copies one stored content into dest after checking it against its name. */
static tderr copy_one(const char *sha, const char *path, const char *dest)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return io_fail("stat", path);
	size_t len = (size_t)st.st_size;
	void *buf = malloc(len ? len : 1);
	if (!buf)
		return TD_EINTERNAL;
	tderr e = evidence_read(sha, buf, len);
	if (!e)
		e = put_at(dest, buf, len, sha);
	free(buf);
	return e;
}

tderr evidence_copy_all(const char *dest, size_t *copied)
{
	*copied = 0;
	if (!g_root[0])
		return TD_EUNAVAIL;
	DIR *top = opendir(g_root);
	if (!top)
		return errno == ENOENT ? TD_OK : io_fail("open", g_root);
	tderr e = TD_OK;
	struct dirent *de;
	while (!e && (de = readdir(top))) {
		if (strlen(de->d_name) != 2 || !isxdigit((unsigned char)de->d_name[0]) ||
		    !isxdigit((unsigned char)de->d_name[1]))
			continue;
		char sub[PATH_MAX];
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", g_root, de->d_name) >= sizeof sub) {
			e = TD_EINTERNAL;
			break;
		}
		DIR *d = opendir(sub);
		if (!d) {
			e = io_fail("open", sub);
			break;
		}
		struct dirent *fe;
		while (!e && (fe = readdir(d))) {
			if (!sha_valid(fe->d_name) || strncmp(fe->d_name, de->d_name, 2) != 0)
				continue; /* temporary files of writes in flight, strays */
			char path[PATH_MAX];
			if ((size_t)snprintf(path, sizeof path, "%s/%s", sub, fe->d_name) >= sizeof path)
				e = TD_EINTERNAL;
			else if (!(e = copy_one(fe->d_name, path, dest)))
				(*copied)++;
		}
		closedir(d);
	}
	closedir(top);
	return e;
}

tderr evidence_read(const char *sha, void *buf, size_t size)
{
	if (!g_root[0])
		return TD_EUNAVAIL;
	if (!sha_valid(sha) || (!buf && size))
		return TD_EINTERNAL;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%.2s/%.64s", g_root, sha, sha);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, "tiendo: evidence: missing content %s\n", path);
			return TD_ENOTFOUND;
		}
		return io_fail("open", path);
	}
	struct stat st;
	tderr e = TD_OK;
	if (fstat(fd, &st) != 0) {
		e = io_fail("stat", path);
	} else if (st.st_size != (off_t)size) {
		fprintf(stderr, "tiendo: evidence: %s has %lld bytes, %zu expected\n", path,
			(long long)st.st_size, size);
		e = TD_EINTERNAL;
	}
	size_t got = 0;
	while (!e && got < size) {
		ssize_t n = read(fd, (unsigned char *)buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			e = io_fail("read", path);
		else
			got += (size_t)n;
	}
	close(fd);
	if (e)
		return e;
	char check[EVIDENCE_SHA_SIZE];
	sha256_hex(buf, size, check);
	if (strcmp(check, sha) != 0) {
		fprintf(stderr, "tiendo: evidence: %s does not match its hash\n", path);
		return TD_EINTERNAL;
	}
	return TD_OK;
}

/* ---- metadata ---- */

static const char *SQL_EVIDENCE_INSERT =
	"INSERT INTO evidence_files(report_id, name, content_type, size, sha256, uploaded_by,"
	" uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

tderr evidence_insert(db *d, int64_t report_id, const char *name, const char *content_type,
		      size_t size, const char *sha, int64_t user_id, int64_t *id)
{
	char now[32];
	clock_iso(now, sizeof now);
	db_stmt *s = db_prepare(d, SQL_EVIDENCE_INSERT);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, content_type);
	db_bind_int(s, 4, (int64_t)size);
	db_bind_text(s, 5, sha);
	if (user_id > 0)
		db_bind_int(s, 6, user_id);
	else
		db_bind_null(s, 6);
	db_bind_text(s, 7, now);
	return store_one_int(s, id);
}

static const char *SQL_EVIDENCE_GET =
	"SELECT id, report_id, name, content_type, size, sha256 FROM evidence_files"
	" WHERE id = ? AND report_id = ?";

static void copy_col(db_stmt *s, int col, char *out, size_t size)
{
	const char *t = db_col_text(s, col);
	snprintf(out, size, "%s", t ? t : "");
}

tderr evidence_get(db *d, int64_t report_id, int64_t file_id, evidence_meta *out)
{
	db_stmt *s = db_prepare(d, SQL_EVIDENCE_GET);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, file_id);
	db_bind_int(s, 2, report_id);
	tderr e = TD_OK;
	int rc = db_step(s, &e);
	if (rc == DB_ROW) {
		out->id = db_col_int(s, 0);
		out->report_id = db_col_int(s, 1);
		copy_col(s, 2, out->name, sizeof out->name);
		copy_col(s, 3, out->content_type, sizeof out->content_type);
		out->size = db_col_int(s, 4);
		copy_col(s, 5, out->sha256, sizeof out->sha256);
	}
	db_reset(s);
	if (rc < 0)
		return e;
	return rc == DB_ROW ? TD_OK : TD_ENOTFOUND;
}

static const char *SQL_EVIDENCE_LIST =
	"SELECT f.id, f.name, f.size, f.sha256, f.content_type, f.uploaded_at, u.id,"
	" u.full_name FROM evidence_files f LEFT JOIN users u ON u.id = f.uploaded_by"
	" WHERE f.report_id = ? ORDER BY f.id";

tderr evidence_list(db *d, int64_t report_id, json_t **items)
{
	db_stmt *s = db_prepare(d, SQL_EVIDENCE_LIST);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, report_id);
	json_t *arr = json_array();
	tderr e = TD_OK;
	int rc;
	while ((rc = db_step(s, &e)) == DB_ROW) {
		json_t *f = json_object();
		json_object_set_new(f, "id", json_integer(db_col_int(s, 0)));
		json_object_set_new(f, "name", store_col_str(s, 1));
		json_object_set_new(f, "size", json_integer(db_col_int(s, 2)));
		json_object_set_new(f, "sha256", store_col_str(s, 3));
		json_object_set_new(f, "content_type", store_col_str(s, 4));
		json_object_set_new(f, "uploaded_at", store_col_str(s, 5));
		json_object_set_new(f, "uploaded_by",
				    db_col_is_null(s, 6)
					    ? json_null()
					    : json_pack("{s:I,s:o}", "id", (json_int_t)db_col_int(s, 6),
							"full_name", store_col_str(s, 7)));
		json_array_append_new(arr, f);
	}
	db_reset(s);
	if (rc < 0) {
		json_decref(arr);
		return e;
	}
	*items = arr;
	return TD_OK;
}

static const char *SQL_EVIDENCE_DELETE =
	"DELETE FROM evidence_files WHERE id = ? AND report_id = ?";
static const char *SQL_EVIDENCE_EXISTS =
	"SELECT COUNT(*) FROM evidence_files WHERE id = ? AND report_id = ?";

tderr evidence_delete(db *d, int64_t report_id, int64_t file_id)
{
	db_stmt *s = db_prepare(d, SQL_EVIDENCE_EXISTS);
	if (!s)
		return TD_EINTERNAL;
	db_bind_int(s, 1, file_id);
	db_bind_int(s, 2, report_id);
	int64_t n = 0;
	tderr e = store_one_int(s, &n);
	if (e)
		return e;
	if (n == 0)
		return TD_ENOTFOUND;
	if (!(s = db_prepare(d, SQL_EVIDENCE_DELETE)))
		return TD_EINTERNAL;
	db_bind_int(s, 1, file_id);
	db_bind_int(s, 2, report_id);
	return store_exec(s);
}

json_t *evidence_meta_json(const evidence_meta *m)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:s}", "id", (json_int_t)m->id, "name", m->name, "size",
			 (json_int_t)m->size, "sha256", m->sha256, "content_type", m->content_type);
}
