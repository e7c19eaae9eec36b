/* test_answer_cache.c — whole answers kept under the data version: given back only
 * for the same key at the same version; the version moves on with a commit through
 * this process's handles (in a transaction or a lone write), with a commit by
 * another connection that does not go through them (another process), and with a
 * change of the cube; a read (a SELECT, a WITH that changes nothing) moves nothing. Both caps hold, too large answers are
 * not kept, and threads may look up and keep at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "api/answer_cache.h"
#include "cube/cube.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/test_answer_cache_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	db *d = NULL;
	char err[256];
	if (db_open(path, &d, err, sizeof err) != TD_OK)
		return -1;
	tderr e = db_exec_script(d, "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"
				    "INSERT INTO t(v) VALUES (1);");
	db_close(d);
	return e == TD_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	answer_cache_clear();
	char more[300];
	unlink(path);
	snprintf(more, sizeof more, "%s-wal", path);
	unlink(more);
	snprintf(more, sizeof more, "%s-shm", path);
	unlink(more);
	return 0;
}

static db *open_db(void)
{
	db *d = NULL;
	char err[256];
	assert_int_equal(db_open(path, &d, err, sizeof err), TD_OK);
	return d;
}

/* 1 when key gives body back at the version now seen through d. */
static int has(db *d, const char *key, const char *body)
{
	answer_version v;
	assert_int_equal(answer_version_now(d, &v), TD_OK);
	arena *a = arena_create();
	const char *got = NULL;
	size_t len = 0;
	int hit = answer_cache_get(key, strlen(key), &v, a, &got, &len);
	if (hit) {
		assert_int_equal(len, strlen(body));
		assert_memory_equal(got, body, len);
		assert_int_equal(got[len], 0);
	}
	arena_destroy(a);
	return hit;
}

static void keep(db *d, const char *key, const char *body)
{
	answer_version v;
	assert_int_equal(answer_version_now(d, &v), TD_OK);
	answer_cache_put(key, strlen(key), &v, body, strlen(body));
}

static void one_read(db *d)
{
	db_stmt *s = db_prepare(d, "SELECT v FROM t WHERE id = ?");
	assert_non_null(s);
	db_bind_int(s, 1, 1);
	tderr e;
	assert_int_equal(db_step(s, &e), DB_ROW);
	db_reset(s);
}

static void the_same_key_at_the_same_version_only(void **state)
{
	(void)state;
	answer_cache_clear();
	db *d = open_db();
	keep(d, "a|org=1", "{\"items\":[1]}");
	keep(d, "a|org=2", "{\"items\":[2]}");
	assert_true(has(d, "a|org=1", "{\"items\":[1]}"));
	assert_true(has(d, "a|org=2", "{\"items\":[2]}"));
	assert_false(has(d, "a|org=3", ""));
	assert_false(has(d, "a|org=", ""));
	one_read(d);
	assert_true(has(d, "a|org=1", "{\"items\":[1]}"));
	/* a version that is no longer current is not kept */
	answer_version old;
	assert_int_equal(answer_version_now(d, &old), TD_OK);
	assert_int_equal(db_begin(d), TD_OK);
	assert_int_equal(db_commit(d), TD_OK);
	answer_cache_put("a|late", 6, &old, "x", 1);
	assert_false(has(d, "a|late", "x"));
	db_close(d);
}

static void a_commit_of_this_process_moves_the_version(void **state)
{
	(void)state;
	answer_cache_clear();
	db *d = open_db(), *other = open_db();
	keep(d, "k", "before");
	assert_true(has(d, "k", "before"));
	/* in a transaction, on another handle */
	assert_int_equal(db_begin(other), TD_OK);
	db_stmt *s = db_prepare(other, "UPDATE t SET v = v + 1 WHERE id = 1");
	tderr e;
	assert_int_equal(db_step(s, &e), DB_DONE);
	db_reset(s);
	assert_int_equal(db_commit(other), TD_OK);
	assert_false(has(d, "k", "before"));
	/* a lone write, on the same handle (its own data_version does not move) */
	keep(d, "k", "after");
	assert_true(has(d, "k", "after"));
	s = db_prepare(d, "  insert INTO t(v) VALUES (7)");
	assert_int_equal(db_step(s, &e), DB_DONE);
	db_reset(s);
	assert_false(has(d, "k", "after"));
	/* a query with WITH is a read; one that inserts is a write */
	keep(d, "k", "with");
	s = db_prepare(d, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3)"
			  " SELECT COUNT(*) FROM n, t WHERE t.v >= 0 AND 'updated' <> ''");
	assert_int_equal(db_step(s, &e), DB_ROW);
	db_reset(s);
	assert_true(has(d, "k", "with"));
	s = db_prepare(d, "WITH n(x) AS (SELECT 5) insert INTO t(v) SELECT x FROM n");
	assert_int_equal(db_step(s, &e), DB_DONE);
	db_reset(s);
	assert_false(has(d, "k", "with"));
	db_close(other);
	db_close(d);
}

static void a_commit_of_another_process_moves_the_version(void **state)
{
	(void)state;
	answer_cache_clear();
	db *d = open_db();
	keep(d, "k", "mine");
	assert_true(has(d, "k", "mine"));
	/* a connection that does not go through this process's db handles */
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE t SET v = 40 WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_false(has(d, "k", "mine"));
	keep(d, "k", "again");
	assert_true(has(d, "k", "again"));
	db_close(d);
}

static void a_change_of_the_cube_moves_the_version(void **state)
{
	(void)state;
	answer_cache_clear();
	db *d = open_db();
	keep(d, "k", "cube");
	assert_true(has(d, "k", "cube"));
	cube_invalidate_indicator(1); /* a change, even without a cube */
	assert_false(has(d, "k", "cube"));
	db_close(d);
}

static void both_caps_hold(void **state)
{
	(void)state;
	answer_cache_clear();
	db *d = open_db();
	char key[32];
	for (int i = 0; i < 3 * ANSWER_CACHE_ENTRIES; i++) {
		snprintf(key, sizeof key, "entries-%d", i);
		keep(d, key, "{}");
	}
	size_t n, bytes;
	answer_cache_usage(&n, &bytes);
	assert_true(n <= ANSWER_CACHE_ENTRIES);
	assert_true(n >= ANSWER_CACHE_ENTRIES / 2);
	assert_true(has(d, key, "{}")); /* the last one kept */
	answer_cache_clear();
	size_t big = ANSWER_CACHE_BODY_MAX - 100;
	char *body = malloc(big + 1);
	assert_non_null(body);
	memset(body, 'x', big);
	body[big] = 0;
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "bytes-%d", i);
		keep(d, key, body);
		answer_cache_usage(&n, &bytes);
		assert_true(bytes <= ANSWER_CACHE_BYTES);
	}
	assert_true(n >= 16);
	assert_true(has(d, key, body));
	free(body);
	/* too large: not kept */
	body = malloc(ANSWER_CACHE_BODY_MAX + 2);
	assert_non_null(body);
	memset(body, 'y', ANSWER_CACHE_BODY_MAX + 1);
	body[ANSWER_CACHE_BODY_MAX + 1] = 0;
	keep(d, "huge", body);
	assert_false(has(d, "huge", body));
	free(body);
	answer_cache_clear();
	answer_cache_usage(&n, &bytes);
	assert_int_equal(n, 0);
	assert_int_equal(bytes, 0);
	db_close(d);
}

/* Each thread keeps and looks up answers whose body names their key. */
static void *worker(void *arg)
{
	db *d = arg;
	char key[32], body[64];
	int hits = 0;
	for (int i = 0; i < 4000; i++) {
		snprintf(key, sizeof key, "t-%d", i % 700);
		snprintf(body, sizeof body, "{\"key\":\"%s\"}", key);
		if (has(d, key, body))
			hits++;
		else
			keep(d, key, body);
	}
	return (void *)(intptr_t)hits;
}

static void threads_share_it(void **state)
{
	(void)state;
	answer_cache_clear();
	enum { N = 4 };
	pthread_t t[N];
	db *d[N];
	for (int i = 0; i < N; i++) {
		d[i] = open_db();
		assert_int_equal(pthread_create(&t[i], NULL, worker, d[i]), 0);
	}
	intptr_t hits = 0;
	for (int i = 0; i < N; i++) {
		void *r;
		pthread_join(t[i], &r);
		hits += (intptr_t)r;
		db_close(d[i]);
	}
	assert_true(hits > 0);
	size_t n, bytes;
	answer_cache_usage(&n, &bytes);
	assert_true(n <= ANSWER_CACHE_ENTRIES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_same_key_at_the_same_version_only),
		cmocka_unit_test(a_commit_of_this_process_moves_the_version),
		cmocka_unit_test(a_commit_of_another_process_moves_the_version),
		cmocka_unit_test(a_change_of_the_cube_moves_the_version),
		cmocka_unit_test(both_caps_hold),
		cmocka_unit_test(threads_share_it),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
