import CPixelKernels
import VFXCore

/// A compiled compute shader: SPIR-V words built from a `*.comp` file by the SPIRVEmbed
/// plugin (never committed as a binary). The generated code adds one static constant per
/// shader: `GPUShader.chain` (Shaders/chain.comp), which includes each op's GLSL
/// (`Ops/<op>/<op>.glsl`, beside its CPU renderer).
public struct GPUShader: Sendable, Hashable {
    public let name: String
    public let words: [UInt32]

    public init(name: String, words: [UInt32]) {
        self.name = name
        self.words = words
    }

    public static func == (lhs: GPUShader, rhs: GPUShader) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Every shader's workgroup size (`local_size_x` in gpu_common.glsl).
    public static let localSize = 64
}

/// A color operation as the GPU backend runs it: one step of the fused chain shader
/// (`Shaders/chain.comp`), the GLSL function its `code` selects, with `parameters`
/// (32-bit words, floats as bit patterns) and `table` (LUT entries). Consecutive
/// kernels run in one dispatch: each pixel is loaded once, every op runs on it, it is
/// stored once — as `ColorPipeline` fuses on the CPU. Each function reproduces its CPU
/// renderer's float operations in the same order (no contraction into FMA), so results
/// agree with the CPU backend to the last bit on IEEE-conformant devices.
public struct GPUKernel: Sendable {
    // The op codes (`Operation`) and a factory per op that packs its parameter words in
    // the order the shader reads them (`GPUKernel.cdl(slope:...)`) are generated from
    // Ops/ColorOps.table by the SPIRVEmbed plugin (OpTable+ColorOps.swift).

    /// The most ops one dispatch of chain.comp runs (its specialization constants OP0-OP7;
    /// longer runs take several dispatches). Each step inlines every op before
    /// specialization prunes them, so more steps cost pipeline-creation time.
    public static let maxFused = 8

    /// fast_pow's tables (Sources/CPixelKernels/color_pow_tables.h), which every dispatch
    /// of chain.comp reads from the front of its table buffer (gpu_common.glsl's
    /// VFX_TABLE_*); the kernels' own `table`s follow them.
    public static let powTables: [Float] = {
        var tables = [Float](repeating: 0, count: Int(VFX_POW_TABLE_FLOATS))
        vfx_pow_tables(&tables)
        return tables
    }()

    /// What one dispatch of chain.comp running `kernels` binds: its words (per op its code,
    /// its first parameter word and its first table float, then the ops' parameters) and
    /// its table (`powTables`, then the ops' tables one after the other).
    public static func chainArguments(_ kernels: [GPUKernel]) -> (words: [UInt32], table: [Float]) {
        var header: [UInt32] = []
        var body: [UInt32] = []
        var table = powTables
        table.reserveCapacity(kernels.reduce(table.count) { $0 + $1.table.count })
        let headerWords = 3 * kernels.count
        for kernel in kernels {
            header += [kernel.code, UInt32(headerWords + body.count), UInt32(table.count)]
            body += kernel.parameters
            table += kernel.table
        }
        return (header + body, table)
    }

    /// chain.comp's op code: an `Operation`'s code, plus its variant for ops with several.
    public let code: UInt32
    public let parameters: [UInt32]
    public let table: [Float]
    /// True for float64 shader code (chain64.comp): devices without shaderFloat64 run
    /// the op on the CPU instead.
    public let needsFloat64: Bool

    init(code: UInt32, parameters: [UInt32], table: [Float], needsFloat64: Bool) {
        self.code = code
        self.parameters = parameters
        self.table = table
        self.needsFloat64 = needsFloat64
    }

    /// A transfer curve of transfer.glsl in one direction, `values` its constants.
    static func transfer(curve: GPUTransferCurve, encode: Bool, values: [Double]) -> GPUKernel {
        .transfer(variant: 2 * curve.rawValue + (encode ? 1 : 0), values: values)
    }

    /// Store-and-reload in the image's format, run after the ops of a GPU pass on an
    /// image that is not 4-channel float32: integers clamped, rounded and renormalized
    /// through the exact table of their values, halves rounded to nearest even, gray
    /// images made gray again, 3-channel alpha reset to 1. The device copy then holds
    /// exactly what the CPU backend would have stored and reloaded, so later ops agree.
    public static func storeAndReload(format: PixelFormat, channels: Int) -> GPUKernel? {
        if format == .f32 && channels >= 4 { return nil }
        let code: GPUStoreFormat = switch format {
        case .f32: .f32
        case .u8: .u8
        case .u16: .u16
        case .f16: .f16
        }
        let table: [Float] = switch format {
        case .u8: (0...255).map { UInt8($0).normalized }
        case .u16: (0...65535).map { UInt16($0).normalized }
        default: []
        }
        return .store(format: code.rawValue, channels: UInt32(channels), table: table)
    }
}

extension ColorOperation {
    public func makeGPUKernel() -> GPUKernel? { nil }
}
