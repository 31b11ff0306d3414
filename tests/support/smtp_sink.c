/*
 * smtp_sink.c — the test SMTP server (see smtp_sink.h). One thread, one
 * connection at a time: enough for a sender that sends one message per
 * connection, and simple to reason about in a test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "smtp_sink.h"

#define MAX_MSGS 256
#define LINE_MAX_LEN 4096
#define DATA_MAX (4 * 1024 * 1024)

struct smtp_sink {
	int fd;
	int port;
	pthread_t thread;
	pthread_mutex_t mu;
	_Atomic int stop;
	int fail_n, fail_code;
	struct smtp_sink_msg *msgs[MAX_MSGS];
	size_t n_msgs;
	struct smtp_sink_msg *refused[MAX_MSGS];
	size_t n_refused;
	size_t sessions;
};

/* One connection's read buffer. */
struct conn {
	int fd;
	char buf[8192];
	size_t len, pos;
};

/* Read one line (without CRLF) into line; -1 on EOF or error. */
static int read_line(struct conn *c, char *line, size_t max)
{
	size_t n = 0;
	for (;;) {
		if (c->pos == c->len) {
			ssize_t r = recv(c->fd, c->buf, sizeof c->buf, 0);
			if (r <= 0)
				return -1;
			c->len = (size_t)r;
			c->pos = 0;
		}
		char ch = c->buf[c->pos++];
		if (ch == '\n') {
			if (n > 0 && line[n - 1] == '\r')
				n--;
			line[n] = '\0';
			return (int)n;
		}
		if (n + 1 < max)
			line[n++] = ch;
	}
}

static void reply(struct conn *c, const char *s)
{
	size_t len = strlen(s), off = 0;
	while (off < len) {
		ssize_t w = send(c->fd, s + off, len - off, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* "<addr>" after "MAIL FROM:" or "RCPT TO:", without the brackets and
 * without any parameters after them. */
static char *angle_addr(const char *p)
{
	while (*p == ' ')
		p++;
	if (*p == '<')
		p++;
	size_t n = strcspn(p, "> ");
	return strndup(p, n);
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 into out (NUL-terminated); returns the length. */
static size_t b64_decode(const char *in, char *out, size_t max)
{
	size_t n = 0;
	unsigned acc = 0;
	int bits = 0;
	for (; *in && *in != '='; in++) {
		int v = b64val(*in);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n + 1 < max)
				out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	return n;
}

static void free_msg(struct smtp_sink_msg *m)
{
	if (m == NULL)
		return;
	free(m->mail_from);
	for (size_t i = 0; i < m->n_rcpt; i++)
		free(m->rcpt[i]);
	free(m->data);
	free(m->auth_user);
	free(m);
}

static void session(struct smtp_sink *s, int fd)
{
	struct conn c = {.fd = fd};
	char line[LINE_MAX_LEN];
	char *auth_user = NULL;
	struct smtp_sink_msg *m = NULL;
	struct timeval tv = {.tv_sec = 10};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	reply(&c, "220 sink ESMTP test server\r\n");
	while (read_line(&c, line, sizeof line) >= 0) {
		if (strncasecmp(line, "EHLO", 4) == 0) {
			reply(&c, "250-sink\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n"
			          "250 SIZE 10485760\r\n");
		} else if (strncasecmp(line, "HELO", 4) == 0) {
			reply(&c, "250 sink\r\n");
		} else if (strncasecmp(line, "AUTH PLAIN", 10) == 0) {
			char resp[LINE_MAX_LEN], dec[1024];
			const char *ir = line + 10;
			while (*ir == ' ')
				ir++;
			if (*ir == '\0') {
				reply(&c, "334 \r\n");
				if (read_line(&c, resp, sizeof resp) < 0)
					break;
				ir = resp;
			}
			/* authzid NUL authcid NUL password */
			size_t n = b64_decode(ir, dec, sizeof dec);
			size_t a = strnlen(dec, n);
			free(auth_user);
			auth_user = a < n ? strdup(dec + a + 1) : NULL;
			reply(&c, "235 2.7.0 accepted\r\n");
		} else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
			free_msg(m);
			m = calloc(1, sizeof *m);
			if (m == NULL)
				break;
			m->mail_from = angle_addr(line + 10);
			reply(&c, "250 OK\r\n");
		} else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
			if (m == NULL) {
				reply(&c, "503 MAIL first\r\n");
			} else if (m->n_rcpt < 8) {
				m->rcpt[m->n_rcpt++] = angle_addr(line + 8);
				reply(&c, "250 OK\r\n");
			} else {
				reply(&c, "452 too many recipients\r\n");
			}
		} else if (strcasecmp(line, "DATA") == 0) {
			if (m == NULL || m->n_rcpt == 0) {
				reply(&c, "503 RCPT first\r\n");
				continue;
			}
			reply(&c, "354 end with <CRLF>.<CRLF>\r\n");
			size_t cap = 4096, len = 0;
			char *d = malloc(cap);
			bool ok = d != NULL;
			int r;
			while (ok && (r = read_line(&c, line, sizeof line)) >= 0) {
				if (strcmp(line, ".") == 0)
					break;
				/* Dot-unstuffing (RFC 5321 4.5.2). */
				const char *p = line[0] == '.' ? line + 1 : line;
				size_t n = strlen(p);
				if (len + n + 3 > cap) {
					while (len + n + 3 > cap)
						cap *= 2;
					char *nd = cap <= DATA_MAX ? realloc(d, cap)
					                           : NULL;
					if (nd == NULL) {
						ok = false;
						break;
					}
					d = nd;
				}
				memcpy(d + len, p, n);
				len += n;
				memcpy(d + len, "\r\n", 3);
				len += 2;
			}
			if (!ok) {
				free(d);
				break;
			}
			m->data = d;
			m->len = len;
			m->auth_user = auth_user ? strdup(auth_user) : NULL;
			pthread_mutex_lock(&s->mu);
			bool refuse = s->fail_n > 0;
			int code = s->fail_code;
			if (refuse) {
				s->fail_n--;
				if (s->n_refused < MAX_MSGS)
					s->refused[s->n_refused++] = m;
				else
					free_msg(m);
			} else if (s->n_msgs < MAX_MSGS) {
				s->msgs[s->n_msgs++] = m;
			} else {
				free_msg(m);
			}
			pthread_mutex_unlock(&s->mu);
			m = NULL;
			if (refuse) {
				char rbuf[64];
				snprintf(rbuf, sizeof rbuf,
				         "%d %s\r\n", code,
				         code < 500 ? "try again later"
				                    : "refused");
				reply(&c, rbuf);
			} else {
				reply(&c, "250 OK queued\r\n");
			}
		} else if (strcasecmp(line, "RSET") == 0) {
			free_msg(m);
			m = NULL;
			reply(&c, "250 OK\r\n");
		} else if (strcasecmp(line, "NOOP") == 0) {
			reply(&c, "250 OK\r\n");
		} else if (strcasecmp(line, "QUIT") == 0) {
			reply(&c, "221 bye\r\n");
			break;
		} else {
			reply(&c, "502 command not implemented\r\n");
		}
	}
	free_msg(m);
	free(auth_user);
}

static void *serve(void *arg)
{
	struct smtp_sink *s = arg;
	while (!s->stop) {
		struct pollfd p = {.fd = s->fd, .events = POLLIN};
		int r = poll(&p, 1, 50);
		if (r <= 0)
			continue;
		int fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			continue;
		pthread_mutex_lock(&s->mu);
		s->sessions++;
		pthread_mutex_unlock(&s->mu);
		session(s, fd);
		close(fd);
	}
	return NULL;
}

struct smtp_sink *smtp_sink_start(void)
{
	struct smtp_sink *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	pthread_mutex_init(&s->mu, NULL);
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto err;
	int one = 1;
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (bind(s->fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(s->fd, 8) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&a, &alen) < 0)
		goto err;
	s->port = ntohs(a.sin_port);
	if (pthread_create(&s->thread, NULL, serve, s) != 0)
		goto err;
	return s;
err:
	if (s->fd >= 0)
		close(s->fd);
	pthread_mutex_destroy(&s->mu);
	free(s);
	return NULL;
}

int smtp_sink_port(const struct smtp_sink *s)
{
	return s->port;
}

const char *smtp_sink_url(const struct smtp_sink *s, char *buf, size_t n)
{
	snprintf(buf, n, "smtp://127.0.0.1:%d", s->port);
	return buf;
}

void smtp_sink_fail_next(struct smtp_sink *s, int n, int code)
{
	pthread_mutex_lock(&s->mu);
	s->fail_n = n;
	s->fail_code = code;
	pthread_mutex_unlock(&s->mu);
}

size_t smtp_sink_count(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->n_msgs;
	pthread_mutex_unlock(&s->mu);
	return n;
}

size_t smtp_sink_refused_count(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->n_refused;
	pthread_mutex_unlock(&s->mu);
	return n;
}

const struct smtp_sink_msg *smtp_sink_get(struct smtp_sink *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	const struct smtp_sink_msg *m = i < s->n_msgs ? s->msgs[i] : NULL;
	pthread_mutex_unlock(&s->mu);
	return m;
}

const struct smtp_sink_msg *smtp_sink_refused(struct smtp_sink *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	const struct smtp_sink_msg *m = i < s->n_refused ? s->refused[i] : NULL;
	pthread_mutex_unlock(&s->mu);
	return m;
}

size_t smtp_sink_sessions(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->sessions;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void smtp_sink_stop(struct smtp_sink *s)
{
	if (s == NULL)
		return;
	s->stop = 1;
	pthread_join(s->thread, NULL);
	close(s->fd);
	for (size_t i = 0; i < s->n_msgs; i++)
		free_msg(s->msgs[i]);
	for (size_t i = 0; i < s->n_refused; i++)
		free_msg(s->refused[i]);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
