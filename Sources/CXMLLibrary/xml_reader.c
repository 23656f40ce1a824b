#include "CXML.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    xmlParserCtxtPtr context;
    char *buffer;
    size_t length;
    size_t capacity;
    int failed;           /* out of memory */
    vfx_xml_result *result;
} reader_state;

static void append(reader_state *state, const void *bytes, size_t count) {
    if (state->failed) return;
    if (state->length + count > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 4096;
        while (capacity < state->length + count) capacity *= 2;
        char *grown = realloc(state->buffer, capacity);
        if (!grown) { state->failed = 1; return; }
        state->buffer = grown;
        state->capacity = capacity;
    }
    memcpy(state->buffer + state->length, bytes, count);
    state->length += count;
}

static void append_string(reader_state *state, const char *text, size_t count) {
    append(state, text, count);
    append(state, "", 1);
}

static void append_int(reader_state *state, int32_t value) { append(state, &value, sizeof value); }

static void on_start(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int namespace_count, const xmlChar **namespaces, int attribute_count, int defaulted,
                     const xmlChar **attributes) {
    (void)uri; (void)namespace_count; (void)namespaces; (void)defaulted;
    reader_state *state = user;
    append(state, "S", 1);
    append_int(state, xmlSAX2GetLineNumber(state->context));
    if (prefix) {
        append(state, prefix, strlen((const char *)prefix));
        append(state, ":", 1);
    }
    append_string(state, (const char *)localname, strlen((const char *)localname));
    append_int(state, attribute_count);
    for (int i = 0; i < attribute_count; i++) {
        const xmlChar **a = attributes + 5 * i;  /* localname, prefix, URI, value, end */
        if (a[1]) {
            append(state, a[1], strlen((const char *)a[1]));
            append(state, ":", 1);
        }
        append_string(state, (const char *)a[0], strlen((const char *)a[0]));
        append_string(state, (const char *)a[3], (size_t)(a[4] - a[3]));
    }
}

static void on_end(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)localname; (void)prefix; (void)uri;
    append(user, "E", 1);
}

static void on_text(void *user, const xmlChar *text, int count) {
    reader_state *state = user;
    append(state, "T", 1);
    append_string(state, (const char *)text, (size_t)count);
}

static void on_error(void *user, xmlErrorPtr error) {
    reader_state *state = user;
    vfx_xml_result *result = state->result;
    if (result->error_code != 0 || !error || error->level < XML_ERR_ERROR) return;
    result->error_code = error->code ? error->code : 1;
    result->error_line = error->line;
    const char *message = error->message ? error->message : "XML error";
    size_t n = strlen(message);
    while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' ')) n--;
    if (n >= sizeof result->error_message) n = sizeof result->error_message - 1;
    memcpy(result->error_message, message, n);
    result->error_message[n] = 0;
}

static void ignore_generic(void *context, const char *message, ...) { (void)context; (void)message; }
static void ignore_structured(void *context, xmlErrorPtr error) { (void)context; (void)error; }

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_library(void) {
    xmlInitParser();
}

int vfx_xml_parse(const char *data, size_t size, vfx_xml_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&init_once, init_library);
    /* nothing from libxml2 reaches stderr, whatever path an error takes */
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlSetStructuredErrorFunc(NULL, ignore_structured);

    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.serror = on_error;

    reader_state state;
    memset(&state, 0, sizeof state);
    state.result = result;
    xmlParserCtxtPtr context = xmlCreatePushParserCtxt(&sax, &state, NULL, 0, NULL);
    if (!context) {
        result->error_code = 2;
        strcpy(result->error_message, "cannot create an XML parser (out of memory)");
        return 1;
    }
    state.context = context;
    xmlCtxtUseOptions(context, XML_PARSE_HUGE | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    const size_t chunk = 1 << 20;
    size_t offset = 0;
    int status = 0;
    do {
        size_t count = size - offset < chunk ? size - offset : chunk;
        int last = offset + count >= size;
        status = xmlParseChunk(context, data + offset, (int)count, last);
        offset += count;
    } while (status == 0 && offset < size && result->error_code == 0);
    if (size == 0) status = xmlParseChunk(context, NULL, 0, 1);
    int well_formed = context->wellFormed;
    xmlFreeParserCtxt(context);
    result->events = state.buffer;
    result->length = state.length;
    if (state.failed) {
        result->error_code = 2;
        strcpy(result->error_message, "out of memory while reading the XML");
    }
    if (result->error_code == 0 && (status != 0 || !well_formed)) {
        result->error_code = status ? status : 1;
        strcpy(result->error_message, "malformed XML");
    }
    return result->error_code != 0;
}

void vfx_xml_free(vfx_xml_result *result) {
    free(result->events);
    result->events = NULL;
    result->length = 0;
}
