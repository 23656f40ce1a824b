// The CXML functions vfxrun links: they open libvfxrun-xml.so (Sources/CXMLLibrary, linked
// against libxml2) on first use and call its functions of the same names.
#include "CXML.h"
#include "vfx_library_table.h"

#include <string.h>

#define SYMBOLS(X) X(vfx_xml_parse) X(vfx_xml_free)

VFX_LIBRARY_TABLE(library, "libvfxrun-xml.so", "XML (CLF)", SYMBOLS, 0)

int vfx_xml_parse(const char *data, size_t size, vfx_xml_result *result) {
    if (vfx_library_load(&library)) return VFX_CALL(vfx_xml_parse)(data, size, result);
    if (result) {
        memset(result, 0, sizeof *result);
        vfx_library_copy_error(&library, result->error_message, sizeof result->error_message);
    }
    return VFX_XML_UNAVAILABLE;
}

void vfx_xml_free(vfx_xml_result *result) {
    if (vfx_library_load(&library)) VFX_CALL(vfx_xml_free)(result);
}
