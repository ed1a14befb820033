#ifndef MTC_CMODBUS_SHIM_H
#define MTC_CMODBUS_SHIM_H

#include <errno.h>
#include <modbus/modbus.h>

/// `MODBUS_ENOBASE` is a macro; libmodbus reports exception code `n` as errno `MODBUS_ENOBASE + n`.
static inline int mtc_modbus_enobase(void) {
    return MODBUS_ENOBASE;
}

/// `errno` is a thread-local macro; read it right after the failing libmodbus call, on the same thread.
static inline int mtc_modbus_errno(void) {
    return errno;
}

#endif
