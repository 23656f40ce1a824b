/// The codecs compiled into this build, one line each.
let registeredCodecs: [any ImageCodec.Type] = [
    // EXR: (codec type here)
    EXRCodec.self,

    // DPX:
    DPXCodec.self,

    // PNG, JPEG, TIFF: (codec types here)
    PNGCodec.self, JPEGCodec.self, TIFFCodec.self,
]
