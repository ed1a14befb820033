#ifndef MTC_BARE_MODBUS_LOOP_H
#define MTC_BARE_MODBUS_LOOP_H

/// A plain libmodbus client with no Swift in the loop: the floor ModbusClient is compared with.
typedef struct mtc_bare_modbus mtc_bare_modbus;

/// Connects to host:port; NULL on failure.
mtc_bare_modbus *mtc_bare_modbus_open(const char *host, int port);

/// Reads discrete inputs 0-11 `count` times; returns how many reads succeeded.
int mtc_bare_modbus_read_inputs(mtc_bare_modbus *bare, int count);

void mtc_bare_modbus_close(mtc_bare_modbus *bare);

#endif
