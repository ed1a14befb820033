#ifndef MTC_CMONGOC_SHIM_H
#define MTC_CMONGOC_SHIM_H

// libbson's declarations come from the CBSON module, so that bson_t and bson_error_t are
// one type for Swift whichever module names them.
#include "../CBSON/shim.h"
#include <mongoc/mongoc.h>

/// `MONGOC_VERSION_S` is a string macro.
static inline const char *mtc_mongoc_version_string(void) {
    return MONGOC_VERSION_S;
}

/// libmongoc logs every level, DEBUG included, to stderr by default. Pass on only warnings
/// and worse; failures also reach callers as errors.
static void mtc_mongoc_log_handler(mongoc_log_level_t level, const char *domain, const char *message, void *user_data) {
    if (level <= MONGOC_LOG_LEVEL_WARNING) {
        mongoc_log_default_handler(level, domain, message, user_data);
    }
}

static inline void mtc_mongoc_install_log_handler(void) {
    mongoc_log_set_handler(mtc_mongoc_log_handler, NULL);
}

#endif
