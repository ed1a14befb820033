#ifndef MTC_CMODBUS_SHIM_H
#define MTC_CMODBUS_SHIM_H

#include <errno.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>
#include <modbus/modbus.h>

/// `MODBUS_ENOBASE` is a macro; libmodbus reports exception code `n` as errno `MODBUS_ENOBASE + n`.
static inline int mtc_modbus_enobase(void) {
    return MODBUS_ENOBASE;
}

/// `errno` is a thread-local macro; read it right after the failing libmodbus call, on the same thread.
static inline int mtc_modbus_errno(void) {
    return errno;
}

/// libmodbus waits with select(), whose fd_set holds descriptors below FD_SETSIZE only: a
/// larger one aborts the process (glibc's fortify check). Descriptors are handed out lowest
/// first, so whether the next socket fits is found by opening one.
static inline int mtc_modbus_fd_setsize(void) {
    return FD_SETSIZE;
}

static inline int mtc_modbus_next_socket_fits(void) {
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    if (probe < 0) return 0;
    int fits = probe < FD_SETSIZE;
    close(probe);
    return fits;
}

#endif
