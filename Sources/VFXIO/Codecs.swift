/// The codecs compiled into this build, one line each.
let registeredCodecs: [any ImageCodec.Type] = [
    // EXR: (codec type here)
    EXRCodec.self,

    // DPX: (codec type here)

    // PNG, JPEG, TIFF: (codec types here)
]
