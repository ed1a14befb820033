#include "CFuzzerDriver.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int mtc_fuzz_run(int argc, char **argv, mtc_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
