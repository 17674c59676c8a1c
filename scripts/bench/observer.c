/* Copied from the team's shared bench tools (shared/bench/observer.c), unchanged below this line. */
/* A light observer for many concurrent Bedrock streams: one thread, epoll, raw HTTP/1.1.
 * It sends N identical InvokeModelWithResponseStream requests at once (after a warm-up round on the
 * same keep-alive connections) and timestamps every event-stream frame as it completes. Frames whose
 * chunk payload decodes to a content_block_delta are "deltas". It prints how far the first delta and
 * the delta-to-delta gaps stray from the expected schedule.
 *   observer HOST PORT PATH BODY_FILE N TTFT_MS GAP_MS
 * Build: cc -O2 -o observer observer.c */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXD 4096
typedef struct {
  int fd, done, failed;
  char *out; size_t outlen, outoff;
  /* HTTP response parsing */
  int state; /* 0 headers, 1 chunk size, 2 chunk data, 3 chunk crlf, 4 finished */
  char line[512]; size_t linelen;
  size_t chunk_left;
  int status;
  /* event-stream frame assembly */
  unsigned char *frame; size_t framelen, framecap;
  double t0, deltas[MAXD]; int ndeltas, nframes;
} Conn;

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static int b64val(int c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
/* Does this frame's payload mean a content_block_delta? Payload is {"bytes":"<b64>",...} or bare JSON. */
static int is_delta(const unsigned char *f, size_t len) {
  if (len < 16) return 0;
  unsigned total = (f[0] << 24) | (f[1] << 16) | (f[2] << 8) | f[3];
  unsigned hlen = (f[4] << 24) | (f[5] << 16) | (f[6] << 8) | f[7];
  if (total != len || 12 + hlen + 4 > len) return 0;
  const char *p = (const char *)f + 12 + hlen; size_t plen = len - 12 - hlen - 4;
  char *buf = malloc(plen + 1); memcpy(buf, p, plen); buf[plen] = 0;
  int result = 0;
  char *b = strstr(buf, "\"bytes\":\"");
  if (b) {
    b += 9; char *e = strchr(b, '"');
    if (e) {
      size_t n = e - b; char *dec = malloc(n + 1); size_t o = 0; int acc = 0, bits = 0;
      for (size_t i = 0; i < n; i++) { int v = b64val(b[i]); if (v < 0) continue; acc = (acc << 6) | v; bits += 6; if (bits >= 8) { bits -= 8; dec[o++] = (acc >> bits) & 0xff; } }
      dec[o] = 0; result = strstr(dec, "content_block_delta") != NULL; free(dec);
    }
  } else result = strstr(buf, "content_block_delta") != NULL;
  free(buf); return result;
}
static void frame_bytes(Conn *c, const unsigned char *d, size_t n, double t) {
  while (n > 0) {
    size_t need;
    if (c->framelen < 4) need = 4 - c->framelen;
    else { unsigned total = (c->frame[0] << 24) | (c->frame[1] << 16) | (c->frame[2] << 8) | c->frame[3]; need = total - c->framelen; }
    size_t take = n < need ? n : need;
    if (c->framelen + take > c->framecap) { c->framecap = (c->framelen + take) * 2; c->frame = realloc(c->frame, c->framecap); }
    memcpy(c->frame + c->framelen, d, take); c->framelen += take; d += take; n -= take;
    if (c->framelen >= 4) {
      unsigned total = (c->frame[0] << 24) | (c->frame[1] << 16) | (c->frame[2] << 8) | c->frame[3];
      if (total < 16 || total > (16u << 20)) { c->failed = 1; return; }
      if (c->framelen == total) {
        c->nframes++;
        if (is_delta(c->frame, total) && c->ndeltas < MAXD) c->deltas[c->ndeltas++] = t - c->t0;
        c->framelen = 0;
      }
    }
  }
}
static void feed(Conn *c, const char *d, size_t n, double t) {
  for (size_t i = 0; i < n && !c->done;) {
    if (c->state == 0 || c->state == 1 || c->state == 3) {
      char ch = d[i++];
      if (c->linelen < sizeof c->line - 1) c->line[c->linelen++] = ch;
      if (ch != '\n') continue;
      c->line[c->linelen] = 0;
      if (c->state == 0) {
        if (!c->status && strncmp(c->line, "HTTP/1.1 ", 9) == 0) c->status = atoi(c->line + 9);
        if (strcmp(c->line, "\r\n") == 0) c->state = 1;
      } else if (c->state == 1) {
        c->chunk_left = strtoul(c->line, NULL, 16);
        if (c->chunk_left == 0) { c->state = 4; c->done = 1; }
        else c->state = 2;
      } else c->state = 1; /* CRLF after chunk data */
      c->linelen = 0;
    } else if (c->state == 2) {
      size_t take = n - i < c->chunk_left ? n - i : c->chunk_left;
      frame_bytes(c, (const unsigned char *)d + i, take, t);
      i += take; c->chunk_left -= take;
      if (c->chunk_left == 0) c->state = 3;
    } else i = n;
  }
}
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return x < y ? -1 : x > y; }
static double pct(double *v, int n, double p) { if (!n) return -1; int i = (int)(p * n); if (i >= n) i = n - 1; return v[i]; }

static void round_trip(Conn *cs, int N, const char *req, size_t reqlen, int ep) {
  for (int i = 0; i < N; i++) {
    Conn *c = &cs[i];
    c->out = (char *)req; c->outlen = reqlen; c->outoff = 0; c->done = c->failed = 0; c->state = 0;
    c->linelen = 0; c->status = 0; c->framelen = 0; c->ndeltas = c->nframes = 0; c->t0 = now_ms();
    ssize_t w = send(c->fd, req, reqlen, MSG_NOSIGNAL);
    if (w > 0) c->outoff = w;
  }
  int remaining = N; struct epoll_event evs[512]; char buf[65536];
  double deadline = now_ms() + 120000;
  while (remaining > 0 && now_ms() < deadline) {
    int k = epoll_wait(ep, evs, 512, 1000);
    double t = now_ms();
    for (int j = 0; j < k; j++) {
      Conn *c = &cs[evs[j].data.u32];
      if (c->done || c->failed) continue;
      if (c->outoff < c->outlen) { ssize_t w = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL); if (w > 0) c->outoff += w; }
      for (;;) {
        ssize_t r = recv(c->fd, buf, sizeof buf, 0);
        if (r > 0) { feed(c, buf, r, t); if (c->done || c->failed) break; continue; }
        if (r == 0) c->failed = 1;
        else if (errno != EAGAIN && errno != EWOULDBLOCK) c->failed = 1;
        break;
      }
      if (c->done || c->failed) remaining--;
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 8) { fprintf(stderr, "usage: observer HOST PORT PATH BODY_FILE N TTFT_MS GAP_MS\n"); return 2; }
  const char *host = argv[1]; int port = atoi(argv[2]); const char *path = argv[3];
  int N = atoi(argv[5]); double TTFT = atof(argv[6]), GAP = atof(argv[7]);
  FILE *bf = fopen(argv[4], "rb"); if (!bf) { perror("body"); return 2; }
  static char body[1 << 20]; size_t blen = fread(body, 1, sizeof body, bf); fclose(bf);
  char *req = malloc(blen + 1024);
  size_t reqlen = sprintf(req, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: keep-alive\r\n\r\n", path, host, port, blen);
  memcpy(req + reqlen, body, blen); reqlen += blen;
  int ep = epoll_create1(0);
  Conn *cs = calloc(N, sizeof(Conn));
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(port); inet_pton(AF_INET, host, &a.sin_addr);
  for (int i = 0; i < N; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0); int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    cs[i].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  round_trip(cs, N, req, reqlen, ep); /* warm-up on the same connections */
  double t0 = now_ms();
  round_trip(cs, N, req, reqlen, ep);
  double wall = now_ms() - t0;
  double *first = malloc(N * sizeof(double)); double *gaps = malloc((size_t)N * MAXD * sizeof(double));
  int nf = 0, ng = 0, ok = 0, bad = 0; long frames = 0;
  for (int i = 0; i < N; i++) {
    Conn *c = &cs[i];
    if (c->failed || !c->done || c->status != 200) { bad++; continue; }
    ok++; frames += c->nframes;
    if (c->ndeltas) first[nf++] = c->deltas[0] - TTFT;
    for (int j = 1; j < c->ndeltas; j++) { double g = c->deltas[j] - c->deltas[j - 1] - GAP; gaps[ng++] = g < 0 ? -g : g; }
  }
  qsort(first, nf, sizeof(double), cmp); qsort(gaps, ng, sizeof(double), cmp);
  printf("observer N=%d: %d ok, %d failed, %ld frames, %d deltas, %.0f ms\n", N, ok, bad, frames, ng + nf, wall);
  printf("first-delta error ms: p50 %.1f p99 %.1f max %.1f\n", pct(first, nf, .5), pct(first, nf, .99), nf ? first[nf - 1] : -1);
  printf("gap error ms: p50 %.1f p99 %.1f max %.1f over %d gaps\n", pct(gaps, ng, .5), pct(gaps, ng, .99), ng ? gaps[ng - 1] : -1, ng);
  return bad ? 1 : 0;
}
