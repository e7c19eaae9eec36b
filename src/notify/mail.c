/* mail.c — one plain-text message through SMTP with libcurl: RFC 5322 headers, the
 * UTF-8 subject and sender name as RFC 2047 encoded words, a base64 body with CRLF
 * line ends, connect and total timeouts. Runs on the notifications thread only. */
#include "notify/notify.h"
#include "core/vntext.h"
#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAIL_MAX ((size_t)256 * 1024) /* bytes of one formatted message */
#define MAIL_CONNECT_TIMEOUT 10L   /* seconds */
#define MAIL_TIMEOUT 30L
#define MAIL_SENDER_NAME "Tiến Độ"

typedef struct mbuf {
	char *p;
	size_t len, cap;
	int failed;
} mbuf;

static void put(mbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > MAIL_MAX) {
		b->failed = 1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *g = realloc(b->p, cap);
		if (!g) {
			b->failed = 1;
			return;
		}
		b->p = g;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void puts_(mbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends the base64 form of s[0..n). */
static void put_b64(mbuf *b, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {B64[(v >> 18) & 63], B64[(v >> 12) & 63], '=', '='};
		if (i + 1 < n)
			q[2] = B64[(v >> 6) & 63];
		if (i + 2 < n)
			q[3] = B64[v & 63];
		put(b, q, 4);
	}
}

/* Appends text as RFC 2047 "B" encoded words of at most 39 bytes each (64
 * characters: with "Subject: " the first line stays within 76), never splitting
 * a UTF-8 character, folded onto continuation lines. */
static void put_encoded_words(mbuf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	int first = 1;
	while (i < n || first) {
		size_t k = n - i < 39 ? n - i : 39;
		while (k > 0 && i + k < n && (s[i + k] & 0xC0) == 0x80)
			k--;
		if (!first)
			puts_(b, "\r\n ");
		puts_(b, "=?UTF-8?B?");
		put_b64(b, s + i, k);
		puts_(b, "?=");
		i += k;
		first = 0;
		if (k == 0)
			break;
	}
}

/* The body with every line end made CRLF, then base64 in lines of 76 characters. */
static void put_body(mbuf *b, const char *body)
{
	mbuf canon = {0};
	for (const char *p = body; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			put(&canon, "\r\n", 2);
		else
			put(&canon, p, 1);
	}
	if (canon.failed) {
		b->failed = 1;
		free(canon.p);
		return;
	}
	for (size_t i = 0; i < canon.len; i += 57) {
		size_t k = canon.len - i < 57 ? canon.len - i : 57;
		put_b64(b, (const unsigned char *)canon.p + i, k);
		puts_(b, "\r\n");
	}
	free(canon.p);
}

static void put_date(mbuf *b)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char line[64];
	snprintf(line, sizeof line, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
		 days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
	puts_(b, line);
}

static void put_message_id(mbuf *b, const char *from)
{
	static atomic_uint counter;
	const char *at = strchr(from, '@');
	char line[400];
	snprintf(line, sizeof line, "Message-ID: <tiendo.%lld.%ld.%u@%s>\r\n", (long long)time(NULL),
		 (long)getpid(), atomic_fetch_add(&counter, 1) + 1, at ? at + 1 : "localhost");
	puts_(b, line);
}

int mail_address_ok(const char *addr)
{
	if (!addr)
		return 0;
	size_t n = strlen(addr);
	if (n < 3 || n > 254)
		return 0;
	const char *at = strchr(addr, '@');
	if (!at || at == addr || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[],;:\"\\", *p))
			return 0;
	return 1;
}

static int header_text_ok(const char *s)
{
	return s && vn_valid_text(s, strlen(s)) && !strpbrk(s, "\r\n");
}

/* The whole message, headers and body, CRLF throughout. No line begins with '.'
 * (header lines start with a name or a folding space, body lines with base64),
 * and libcurl dot-stuffs the DATA it uploads in any case (RFC 5321, 4.5.2). */
static tderr format_message(const char *from, const char *to, const char *subject,
			    const char *body, mbuf *b)
{
	put_date(b);
	puts_(b, "From: ");
	put_encoded_words(b, MAIL_SENDER_NAME);
	puts_(b, " <");
	puts_(b, from);
	puts_(b, ">\r\nTo: <");
	puts_(b, to);
	puts_(b, ">\r\nSubject: ");
	put_encoded_words(b, subject);
	puts_(b, "\r\n");
	put_message_id(b, from);
	puts_(b, "MIME-Version: 1.0\r\n"
		 "Content-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: base64\r\n"
		 "Auto-Submitted: auto-generated\r\n"
		 "\r\n");
	put_body(b, body);
	return b->failed ? TD_EINTERNAL : TD_OK;
}

typedef struct upload {
	const char *p;
	size_t left;
} upload;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
	upload *u = userp;
	size_t room = size * nmemb, n = u->left < room ? u->left : room;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static tderr map_curl(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK: return TD_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
		return TD_EUNAVAIL;
	default:
		return TD_EINTERNAL;
	}
}

tderr mail_send(const char *smtp_url, const char *from, const char *to, const char *subject,
		const char *body_utf8)
{
	if (!smtp_url || !mail_address_ok(from) || !mail_address_ok(to) ||
	    !header_text_ok(subject) || !body_utf8 || !vn_valid_text(body_utf8, strlen(body_utf8)))
		return TD_EINVALID;
	mbuf msg = {0};
	tderr e = format_message(from, to, subject, body_utf8, &msg);
	if (e) {
		free(msg.p);
		return e;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		free(msg.p);
		return TD_EINTERNAL;
	}
	char addr_from[300], addr_to[300], errbuf[CURL_ERROR_SIZE] = "";
	snprintf(addr_from, sizeof addr_from, "<%s>", from);
	snprintf(addr_to, sizeof addr_to, "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, addr_to);
	upload up = {msg.p, msg.len};
	curl_easy_setopt(c, CURLOPT_URL, smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, MAIL_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, MAIL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = rcpt ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
	if (rc != CURLE_OK)
		fprintf(stderr, "tiendo: mail to %s: %s\n", to,
			errbuf[0] ? errbuf : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(msg.p);
	return map_curl(rc);
}
