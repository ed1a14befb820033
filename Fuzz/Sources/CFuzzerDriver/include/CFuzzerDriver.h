#ifndef MTC_FUZZER_DRIVER_H
#define MTC_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

typedef int (*mtc_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (LLVMFuzzerRunDriver) with the process's arguments and returns
/// its exit code. SwiftPM links an executable's main under another name on Linux, so the
/// target's own main starts the driver instead of libFuzzer's main.
int mtc_fuzz_run(int argc, char **argv, mtc_fuzz_callback callback);

#endif
