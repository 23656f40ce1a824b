// A SAX reader over libxml2 for the CLF reader: parses a document into a flat list of
// events that Swift turns into a tree. Nothing is printed; errors come back with
// libxml2's code, message and line. External entities and network access are off.
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

/// Parses `size` bytes; returns 0 on success, else nonzero with the error fields set.
/// Always release the result with `vfx_xml_free`.
int vfx_xml_parse(const char *data, size_t size, vfx_xml_result *result);

void vfx_xml_free(vfx_xml_result *result);

#endif
