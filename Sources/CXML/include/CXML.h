// A SAX reader over libxml2 for the CLF reader: parses a document into a flat list of
// events that Swift turns into a tree. Nothing is printed; errors come back with
// libxml2's code, message and line. External entities and network access are off.
// The implementation (Sources/CXMLLibrary) is its own shared library, libvfxrun-xml.so,
// linked against libxml2 (which loads ICU); vfxrun links only the loader of these
// functions (Sources/CXML), which opens that library on the first parse.
#ifndef VFX_CXML_H
#define VFX_CXML_H

#include <stddef.h>
#include <stdint.h>

/// The result of `vfx_xml_parse`. `events` holds records, one after the other:
///   'S' int32 line, name NUL, int32 count, then count × (key NUL, value NUL)   start tag
///   'E'                                                                        end tag
///   'T' text NUL                                                               characters
typedef struct {
    char *events;
    size_t length;
    int error_code;
    int error_line;
    char error_message[512];
} vfx_xml_result;

/// The status of a parse whose library could not be loaded (error_message says why).
enum { VFX_XML_UNAVAILABLE = -2 };

/// Parses `size` bytes; returns 0 on success, VFX_XML_UNAVAILABLE when libvfxrun-xml.so
/// cannot be loaded, else nonzero with the error fields set.
/// Always release the result with `vfx_xml_free`.
int vfx_xml_parse(const char *data, size_t size, vfx_xml_result *result);

void vfx_xml_free(vfx_xml_result *result);

#endif
