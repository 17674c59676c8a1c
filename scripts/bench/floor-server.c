/* The benchmark's floor: what this machine can do at all. One thread, epoll, raw HTTP/1.1; every
 * request on a connection is answered with the same frames, read once from FRAMES_FILE, each due
 * at its time after the request was read, the frames due together in one send (one chunk). No
 * routing, parsing or bookkeeping beyond finding a request's end: no server can be faster on the
 * same kernel, so the emulator's figures read against it show what is left on the table.
 * Prints {"port":N} once listening on 127.0.0.1.
 *   floor-server FRAMES_FILE     (each frame: u32 due ms, u32 length, bytes; big-endian)
 * Build: cc -O2 -o floor-server floor-server.c */
#define _GNU_SOURCE
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

typedef struct { unsigned at, len; unsigned char *bytes; } Frame;
typedef struct {
  int fd, open, eof; /* eof: the client sent its last byte (it may still read) */
  unsigned generation; /* bumped at every response and close: a due entry of an older one is stale */
  char in[16384]; size_t inlen;
  double startedAt; int next; /* next frame to send, -1 when no response is under way */
  char *out; size_t outlen, outcap; /* bytes the kernel did not take yet */
} Conn;
typedef struct { double due; int conn; unsigned generation; } Due;

static Frame *frames; static int nframes;
static Conn *conns; static int nconns, capconns;
static int *freeSlots; static int nfree; /* closed connections' slots, reused */
static Due *heap; static int nheap, capheap;

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static void push(double due, int conn) {
  if (nheap == capheap) { capheap = capheap ? capheap * 2 : 1024; heap = realloc(heap, capheap * sizeof(Due)); }
  int i = nheap++; heap[i] = (Due){due, conn, conns[conn].generation};
  while (i > 0) { int p = (i - 1) / 2; if (heap[p].due <= heap[i].due) break; Due t = heap[p]; heap[p] = heap[i]; heap[i] = t; i = p; }
}
static Due pop(void) {
  Due top = heap[0]; heap[0] = heap[--nheap];
  for (int i = 0;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < nheap && heap[l].due < heap[m].due) m = l;
    if (r < nheap && heap[r].due < heap[m].due) m = r;
    if (m == i) break;
    Due t = heap[m]; heap[m] = heap[i]; heap[i] = t; i = m;
  }
  return top;
}

static void close_conn(int index) {
  Conn *c = &conns[index];
  if (!c->open) return;
  close(c->fd); c->open = 0; c->generation++; c->next = -1;
  free(c->out); c->out = NULL; c->outlen = c->outcap = 0;
  freeSlots = realloc(freeSlots, (nfree + 1) * sizeof(int)); freeSlots[nfree++] = index;
}

/* Readable until the client's last byte, writable while bytes wait for the kernel. */
static void watch(Conn *c, int ep, int index) {
  struct epoll_event ev = {.events = (c->eof ? 0 : EPOLLIN) | (c->outlen ? EPOLLOUT : 0), .data.u32 = index};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Sends what is queued; keeps the rest for EPOLLOUT. */
static void flush(Conn *c, int ep, int index) {
  size_t sent = 0;
  while (sent < c->outlen) {
    ssize_t w = send(c->fd, c->out + sent, c->outlen - sent, MSG_NOSIGNAL);
    if (w > 0) { sent += w; continue; }
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    c->outlen = 0; return; /* the peer is gone; its close will be read */
  }
  memmove(c->out, c->out + sent, c->outlen - sent); c->outlen -= sent;
  watch(c, ep, index);
}
static void queue(Conn *c, const void *bytes, size_t len) {
  if (c->outlen + len > c->outcap) { c->outcap = (c->outlen + len) * 2; c->out = realloc(c->out, c->outcap); }
  memcpy(c->out + c->outlen, bytes, len); c->outlen += len;
}

static void answer_requests(int index, int ep, double readAt);

static void send_due(Due due, int ep) {
  int index = due.conn;
  Conn *c = &conns[index];
  if (!c->open || c->next < 0 || due.generation != c->generation) return;
  unsigned at = frames[c->next].at; size_t size = 0;
  for (int i = c->next; i < nframes && frames[i].at == at; i++) size += frames[i].len;
  char head[32]; int hlen = sprintf(head, "%zx\r\n", size);
  queue(c, head, hlen);
  while (c->next < nframes && frames[c->next].at == at) { queue(c, frames[c->next].bytes, frames[c->next].len); c->next++; }
  queue(c, "\r\n", 2);
  if (c->next == nframes) { queue(c, "0\r\n\r\n", 5); c->next = -1; c->generation++; }
  flush(c, ep, index);
  if (c->next >= 0) push(c->startedAt + frames[c->next].at, index);
  /* A request pipelined behind this response is answered now, timed from now. */
  else if (c->open) answer_requests(index, ep, now_ms());
}

/* Starts the answer to the first whole request in the buffer, when no answer is under way (the
 * body is skipped by its Content-Length). A client that has sent its last byte and has nothing
 * left to be answered is closed; so is one whose request cannot fit or says an absurd length. */
static void answer_requests(int index, int ep, double readAt) {
  Conn *c = &conns[index];
  if (c->next >= 0) return;
  c->in[c->inlen] = 0;
  char *end = memmem(c->in, c->inlen, "\r\n\r\n", 4);
  if (!end) {
    if (c->eof || c->inlen >= sizeof c->in - 1) close_conn(index);
    return;
  }
  char *length = strcasestr(c->in, "\r\ncontent-length:");
  unsigned long bodyLength = length && length < end ? strtoul(length + 17, NULL, 10) : 0;
  size_t need = (size_t)(end - c->in) + 4 + bodyLength;
  if (bodyLength >= sizeof c->in || need >= sizeof c->in) { close_conn(index); return; }
  if (c->inlen < need) {
    if (c->eof) close_conn(index);
    return;
  }
  memmove(c->in, c->in + need, c->inlen - need); c->inlen -= need;
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\nTransfer-Encoding: chunked\r\n\r\n";
  queue(c, head, sizeof head - 1);
  flush(c, ep, index);
  c->startedAt = readAt; c->next = 0;
  push(readAt + frames[0].at, index);
}

static void read_requests(int index, int ep, double readAt) {
  Conn *c = &conns[index];
  for (;;) {
    if (c->inlen >= sizeof c->in - 1) break; /* full: answer_requests decides */
    ssize_t r = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen - 1, 0);
    if (r > 0) { c->inlen += r; continue; }
    if (r == 0) { c->eof = 1; watch(c, ep, index); break; }
    if (errno != EAGAIN && errno != EWOULDBLOCK) { close_conn(index); return; }
    break;
  }
  answer_requests(index, ep, readAt);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: floor-server FRAMES_FILE\n"); return 2; }
  FILE *file = fopen(argv[1], "rb");
  if (!file) { perror(argv[1]); return 2; }
  unsigned char h[8];
  while (fread(h, 1, 8, file) == 8) {
    frames = realloc(frames, (nframes + 1) * sizeof(Frame));
    Frame *f = &frames[nframes++];
    f->at = (h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3];
    f->len = (h[4] << 24) | (h[5] << 16) | (h[6] << 8) | h[7];
    f->bytes = malloc(f->len);
    if (fread(f->bytes, 1, f->len, file) != f->len) { fprintf(stderr, "%s: truncated\n", argv[1]); return 2; }
  }
  fclose(file);
  if (nframes == 0) { fprintf(stderr, "%s: no frames\n", argv[1]); return 2; }

  int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 4096) < 0) { perror("listen"); return 1; }
  fcntl(listener, F_SETFL, O_NONBLOCK);
  socklen_t alen = sizeof address;
  getsockname(listener, (struct sockaddr *)&address, &alen);
  printf("{\"port\":%d}\n", ntohs(address.sin_port));
  fflush(stdout);

  int ep = epoll_create1(0);
  struct epoll_event lev = {.events = EPOLLIN, .data.u32 = 0xffffffffu};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
  struct epoll_event events[1024];
  for (;;) {
    int timeout = -1;
    /* Wakes at the due millisecond or just after (as a Node timer does), never spins before it. */
    if (nheap) { double wait = heap[0].due - now_ms(); timeout = wait <= 0 ? 0 : (int)wait + 1; }
    int n = epoll_wait(ep, events, 1024, timeout);
    double readAt = now_ms();
    for (int i = 0; i < n; i++) {
      if (events[i].data.u32 == 0xffffffffu) {
        for (int fd; (fd = accept(listener, NULL, NULL)) >= 0;) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          fcntl(fd, F_SETFL, O_NONBLOCK);
          int index;
          if (nfree > 0) index = freeSlots[--nfree];
          else {
            if (nconns == capconns) { capconns = capconns ? capconns * 2 : 1024; conns = realloc(conns, capconns * sizeof(Conn)); }
            index = nconns++;
            conns[index].generation = 0;
          }
          Conn *c = &conns[index];
          c->fd = fd; c->open = 1; c->eof = 0; c->inlen = 0; c->next = -1; c->generation++;
          c->out = NULL; c->outlen = c->outcap = 0;
          struct epoll_event ev = {.events = EPOLLIN, .data.u32 = index};
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
        continue;
      }
      int index = events[i].data.u32;
      if (!conns[index].open) continue;
      /* Reset, or closed both ways: nobody is left to answer. */
      if (events[i].events & (EPOLLERR | EPOLLHUP)) { close_conn(index); continue; }
      if (events[i].events & EPOLLOUT) flush(&conns[index], ep, index);
      if (conns[index].open && !conns[index].eof && (events[i].events & EPOLLIN)) read_requests(index, ep, readAt);
    }
    for (double t = now_ms(); nheap && heap[0].due <= t;) send_due(pop(), ep);
  }
}
