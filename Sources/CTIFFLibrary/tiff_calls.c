// The libtiff functions Swift calls, under CTIFF.h's names, so that vfxrun reaches libtiff
// only through this library (see CTIFF.h).
#include "CTIFF.h"

void ctiff_close(TIFF *tif) { TIFFClose(tif); }
int ctiff_is_tiled(TIFF *tif) { return TIFFIsTiled(tif); }
tdir_t ctiff_number_of_directories(TIFF *tif) { return TIFFNumberOfDirectories(tif); }
int ctiff_set_directory(TIFF *tif, tdir_t directory) { return TIFFSetDirectory(tif, directory); }
uint32_t ctiff_number_of_strips(TIFF *tif) { return TIFFNumberOfStrips(tif); }
uint32_t ctiff_number_of_tiles(TIFF *tif) { return TIFFNumberOfTiles(tif); }
int ctiff_rgba_image_ok(TIFF *tif, char message[1024]) { return TIFFRGBAImageOK(tif, message); }

int ctiff_read_rgba_image_oriented(TIFF *tif, uint32_t width, uint32_t height, uint32_t *raster, int orientation,
                                   int stop_on_error) {
    return TIFFReadRGBAImageOriented(tif, width, height, raster, orientation, stop_on_error);
}

tmsize_t ctiff_read_encoded_strip(TIFF *tif, uint32_t strip, void *buffer, tmsize_t size) {
    return TIFFReadEncodedStrip(tif, strip, buffer, size);
}

tmsize_t ctiff_read_encoded_tile(TIFF *tif, uint32_t tile, void *buffer, tmsize_t size) {
    return TIFFReadEncodedTile(tif, tile, buffer, size);
}

tmsize_t ctiff_write_encoded_strip(TIFF *tif, uint32_t strip, void *data, tmsize_t size) {
    return TIFFWriteEncodedStrip(tif, strip, data, size);
}

tmsize_t ctiff_write_encoded_tile(TIFF *tif, uint32_t tile, void *data, tmsize_t size) {
    return TIFFWriteEncodedTile(tif, tile, data, size);
}

tmsize_t ctiff_write_raw_strip(TIFF *tif, uint32_t strip, void *data, tmsize_t size) {
    return TIFFWriteRawStrip(tif, strip, data, size);
}

tmsize_t ctiff_write_raw_tile(TIFF *tif, uint32_t tile, void *data, tmsize_t size) {
    return TIFFWriteRawTile(tif, tile, data, size);
}

int ctiff_write_directory(TIFF *tif) { return TIFFWriteDirectory(tif); }
