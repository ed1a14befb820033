#ifndef MTC_CLIBXML2_SHIM_H
#define MTC_CLIBXML2_SHIM_H

#include <stdint.h>

// Debian's libxml2 is built with ICU. Importing ICU's headers here would clash with
// Foundation's own ICU module ("'UErrorCode' has different definitions in different
// modules"), so pretend unicode/ucnv.h was already included and declare the two names
// libxml2's encoding.h needs from it.
#ifndef UCNV_H
#define UCNV_H
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#endif

#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a global function pointer in libxml2; Swift cannot call it directly.
static inline void mtc_xmlFree(void *pointer) {
    xmlFree(pointer);
}

/// `xmlParserVersion` is a macro over a thread-local accessor; Swift cannot import it.
static inline const char *mtc_xmlParserVersion(void) {
    return xmlParserVersion;
}

#endif
