#ifndef MTC_CHIREDIS_SHIM_H
#define MTC_CHIREDIS_SHIM_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/time.h>
#include <hiredis/hiredis.h>

static inline struct timeval mtc_timeval_from_ms(long long milliseconds) {
    struct timeval tv;
    tv.tv_sec = (time_t)(milliseconds / 1000);
    tv.tv_usec = (suseconds_t)((milliseconds % 1000) * 1000);
    return tv;
}

/// `redisConnectWithTimeout` takes a `struct timeval` by value; milliseconds are easier to pass.
static inline redisContext *mtc_redisConnect(const char *host, int port, long long timeoutMilliseconds) {
    return redisConnectWithTimeout(host, port, mtc_timeval_from_ms(timeoutMilliseconds));
}

/// Sets SO_RCVTIMEO/SO_SNDTIMEO on the socket, so a blocking read gives up with EAGAIN.
static inline int mtc_redisSetTimeout(redisContext *context, long long timeoutMilliseconds) {
    return redisSetTimeout(context, mtc_timeval_from_ms(timeoutMilliseconds));
}

/// `errstr` is a fixed-size char array, which Swift imports as a tuple.
static inline const char *mtc_redisErrorString(const redisContext *context) {
    return context->errstr;
}

static inline int mtc_redisError(const redisContext *context) {
    return context->err;
}

/// Reads one reply; `errno` is captured right away because hiredis reports I/O failures
/// (including a read timeout, EAGAIN) only through it.
static inline int mtc_redisGetReply(redisContext *context, redisReply **reply, int *savedErrno) {
    void *raw = NULL;
    errno = 0;
    int status = redisGetReply(context, &raw);
    *savedErrno = errno;
    *reply = (redisReply *)raw;
    return status;
}

/// An idle connection never has anything to read; if it does, the server closed it (or
/// restarted), and the next command would fail after being sent. Checked without blocking.
static inline int mtc_redisPeerClosed(const redisContext *context) {
    struct pollfd descriptor;
    descriptor.fd = context->fd;
    descriptor.events = POLLIN;
    descriptor.revents = 0;
    int ready = poll(&descriptor, 1, 0);
    if (ready < 0) {
        return 1;
    }
    return ready > 0 && (descriptor.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

#endif
