// The TurboJPEG functions Swift calls, under CJPEG.h's names, so that vfxrun reaches
// libturbojpeg only through this library (see CJPEG.h).
#include "CJPEG.h"

tjhandle cjpeg_tj_init_decompress(void) { return tjInitDecompress(); }
tjhandle cjpeg_tj_init_compress(void) { return tjInitCompress(); }
int cjpeg_tj_destroy(tjhandle handle) { return tjDestroy(handle); }

int cjpeg_tj_decompress_header3(tjhandle handle, const unsigned char *jpeg, unsigned long size, int *width,
                                int *height, int *subsampling, int *colorspace) {
    return tjDecompressHeader3(handle, jpeg, size, width, height, subsampling, colorspace);
}

int cjpeg_tj_compress2(tjhandle handle, const unsigned char *pixels, int width, int pitch, int height,
                       int pixel_format, unsigned char **jpeg, unsigned long *size, int subsampling, int quality,
                       int flags) {
    return tjCompress2(handle, pixels, width, pitch, height, pixel_format, jpeg, size, subsampling, quality, flags);
}

char *cjpeg_tj_get_error_str2(tjhandle handle) { return tjGetErrorStr2(handle); }
unsigned char *cjpeg_tj_alloc(int bytes) { return tjAlloc(bytes); }
void cjpeg_tj_free(unsigned char *buffer) { tjFree(buffer); }
