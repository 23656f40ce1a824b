/// A CLF bit depth (`inBitDepth` / `outBitDepth`): how a node's parameters and array
/// values are scaled. Integer depths are code values 0…2^n−1; `16f` and `32f` are
/// normalized. The pipeline always runs normalized: the reader divides by `scale`.
public enum CLFBitDepth: String, Sendable, CaseIterable {
    case int8 = "8i", int10 = "10i", int12 = "12i", int16 = "16i", float16 = "16f", float32 = "32f"

    /// The code value that means 1.0 (255, 1023, 4095, 65535; 1 for floats).
    public var scale: Double {
        switch self {
        case .int8: 255
        case .int10: 1023
        case .int12: 4095
        case .int16: 65535
        case .float16, .float32: 1
        }
    }
}
