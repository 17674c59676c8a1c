/* Zero-delay throughput of an event-stream server, measured by a client far lighter than the server:
 * one thread, epoll, raw HTTP/1.1 keep-alive. K connections each send the same request again as soon
 * as the previous response ends, for S seconds; every event-stream frame is reassembled and decoded
 * (length prefix, headers length, prelude CRC and message CRC checked), and counted.
 *   throughput HOST PORT PATH BODY_FILE K SECONDS
 * Prints: frames FRAMES responses RESPONSES seconds S frames_per_s F crc_errors E
 * Build: cc -O2 -o throughput throughput.c */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static uint32_t table[256];
static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) { uint32_t c = i; for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1; table[i] = c; }
}
static uint32_t crc32(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}
static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

typedef struct {
  int fd; size_t outoff;
  int state; char line[512]; size_t linelen; size_t chunk_left; int status;
  unsigned char *frame; size_t framelen, framecap;
} Conn;

static long frames, responses, crc_errors, bad;

static void frame_bytes(Conn *c, const unsigned char *d, size_t n) {
  while (n > 0) {
    size_t need = c->framelen < 4 ? 4 - c->framelen : be32(c->frame) - c->framelen;
    size_t take = n < need ? n : need;
    if (c->framelen + take > c->framecap) { c->framecap = (c->framelen + take) * 2; c->frame = realloc(c->frame, c->framecap); }
    memcpy(c->frame + c->framelen, d, take); c->framelen += take; d += take; n -= take;
    if (c->framelen >= 4) {
      uint32_t total = be32(c->frame);
      if (total < 16 || total > (16u << 20)) { bad++; c->framelen = 0; return; }
      if (c->framelen == total) {
        uint32_t hlen = be32(c->frame + 4);
        if (12 + hlen + 4 > total || crc32(c->frame, 8) != be32(c->frame + 8) || crc32(c->frame, total - 4) != be32(c->frame + total - 4)) crc_errors++;
        frames++; c->framelen = 0;
      }
    }
  }
}
/* Returns 1 when the response has ended. */
static int feed(Conn *c, const char *d, size_t n) {
  for (size_t i = 0; i < n;) {
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
        if (c->chunk_left == 0) { c->state = 4; }
        else c->state = 2;
      } else c->state = 1;
      c->linelen = 0;
    } else if (c->state == 2) {
      size_t take = n - i < c->chunk_left ? n - i : c->chunk_left;
      frame_bytes(c, (const unsigned char *)d + i, take);
      i += take; c->chunk_left -= take;
      if (c->chunk_left == 0) c->state = 3;
    } else if (c->state == 4) {
      /* the CRLF after the last chunk */
      char ch = d[i++];
      if (ch == '\n') { if (c->status != 200) bad++; responses++; return 1; }
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 7) { fprintf(stderr, "usage: throughput HOST PORT PATH BODY_FILE K SECONDS\n"); return 2; }
  crc_init();
  const char *host = argv[1]; int port = atoi(argv[2]); const char *path = argv[3];
  int K = atoi(argv[5]); double seconds = atof(argv[6]);
  FILE *bf = fopen(argv[4], "rb"); if (!bf) { perror("body"); return 2; }
  static char body[1 << 20]; size_t blen = fread(body, 1, sizeof body, bf); fclose(bf);
  char *req = malloc(blen + 1024);
  size_t reqlen = sprintf(req, "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: keep-alive\r\n\r\n", path, host, port, blen);
  memcpy(req + reqlen, body, blen); reqlen += blen;
  int ep = epoll_create1(0);
  Conn *cs = calloc(K, sizeof(Conn));
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(port); inet_pton(AF_INET, host, &a.sin_addr);
  for (int i = 0; i < K; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0); int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    cs[i].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    send(fd, req, reqlen, MSG_NOSIGNAL);
  }
  double start = now_ms(), end = start + seconds * 1000;
  struct epoll_event evs[512]; static char buf[1 << 16];
  while (now_ms() < end) {
    int k = epoll_wait(ep, evs, 512, 100);
    for (int j = 0; j < k; j++) {
      Conn *c = &cs[evs[j].data.u32];
      for (;;) {
        ssize_t r = recv(c->fd, buf, sizeof buf, 0);
        if (r > 0) {
          size_t off = 0;
          /* A response may end mid-buffer only at its last byte: the server answers one request at a time. */
          if (feed(c, buf + off, r)) {
            c->state = 0; c->status = 0; c->linelen = 0; c->framelen = 0;
            if (now_ms() < end) send(c->fd, req, reqlen, MSG_NOSIGNAL);
          }
          continue;
        }
        if (r == 0) { bad++; close(c->fd); }
        break;
      }
    }
  }
  double elapsed = (now_ms() - start) / 1000;
  printf("frames %ld responses %ld seconds %.2f frames_per_s %.0f crc_errors %ld bad %ld\n", frames, responses, elapsed, frames / elapsed, crc_errors, bad);
  return crc_errors || bad ? 1 : 0;
}
