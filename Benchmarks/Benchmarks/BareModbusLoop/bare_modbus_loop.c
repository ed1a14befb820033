#include "bare_modbus_loop.h"

#include <stdint.h>
#include <stdlib.h>
#include <modbus/modbus.h>

struct mtc_bare_modbus {
    modbus_t *context;
};

mtc_bare_modbus *mtc_bare_modbus_open(const char *host, int port) {
    modbus_t *context = modbus_new_tcp(host, port);
    if (context == NULL) {
        return NULL;
    }
    modbus_set_slave(context, 1);
    if (modbus_connect(context) != 0) {
        modbus_free(context);
        return NULL;
    }
    mtc_bare_modbus *bare = malloc(sizeof *bare);
    if (bare == NULL) {
        modbus_close(context);
        modbus_free(context);
        return NULL;
    }
    bare->context = context;
    return bare;
}

int mtc_bare_modbus_read_inputs(mtc_bare_modbus *bare, int count) {
    uint8_t inputs[12];
    int succeeded = 0;
    for (int i = 0; i < count; i++) {
        if (modbus_read_input_bits(bare->context, 0, 12, inputs) == 12) {
            succeeded++;
        }
    }
    return succeeded;
}

void mtc_bare_modbus_close(mtc_bare_modbus *bare) {
    modbus_close(bare->context);
    modbus_free(bare->context);
    free(bare);
}
