#ifndef MTC_CBSON_SHIM_H
#define MTC_CBSON_SHIM_H

#include <stddef.h>
#include <bson/bson.h>

// bson_t and bson_iter_t are declared 128-byte aligned, so Swift imports them as
// OpaquePointer and cannot allocate them. Swift allocates suitably aligned storage itself
// and asks for the sizes here.

static inline size_t mtc_bson_size(void) {
    return sizeof(bson_t);
}

static inline size_t mtc_bson_iter_size(void) {
    return sizeof(bson_iter_t);
}

static inline size_t mtc_bson_alignment(void) {
    return 128;
}

/// The serialized length; `bson_t` is opaque to Swift.
static inline uint32_t mtc_bson_length(const bson_t *bson) {
    return bson->len;
}

/// `BSON_VERSION_S` is a string macro.
static inline const char *mtc_bson_version_string(void) {
    return BSON_VERSION_S;
}

#endif
