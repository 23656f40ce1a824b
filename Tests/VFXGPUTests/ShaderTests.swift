import Foundation
import Testing
import VFXColor
import VFXGPU

/// The embedded shaders' SPIR-V as a driver gets it. lavapipe takes only
/// SignedZeroInfNanPreserve, so the DenormPreserve variants a discrete GPU gets run
/// nowhere in CI: spirv-val (spirv-tools, installed by scripts/bootstrap) checks them
/// here; and that no float operation may fuse into an FMA and no shader keeps a
/// per-invocation array (local memory on a GPU), which lavapipe would not show either.
struct ShaderTests {
    /// Every shader the SPIRVEmbed plugin embeds (VFXColor's and VFXGPU's).
    static let shaders: [GPUShader] = [.chain, .chain64, .resample, .composite, .blend, .sharpen]

    /// The list above is every `*.comp` under Sources (each one the plugin embeds), so a
    /// new shader cannot miss the checks below.
    @Test func theListHoldsEveryShaderInTheSources() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        let names = walker.compactMap { ($0 as? URL)?.pathExtension == "comp" ? ($0 as? URL)?.deletingPathExtension().lastPathComponent : nil }
        #expect(Set(names) == Set(Self.shaders.map(\.name)))
        #expect(names.count == Self.shaders.count)
    }

    @Test func onlyChain64ComputesInFloat64() {
        #expect(Self.shaders.filter(\.usesFloat64).map(\.name) == ["chain64"])
    }

    /// The device kinds' modes: lavapipe's (SignedZeroInfNanPreserve only), and
    /// DenormPreserve under each independence rule with every width supported.
    static let devices: [FloatControls] = [
        FloatControls(signedZeroInfNanPreserve: [32, 64]),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independenceAll),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independence32BitOnly),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independenceNone),
    ]

    static func spirvVal() -> String? {
        ["/usr/bin/spirv-val", "/usr/local/bin/spirv-val"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// OpVariable in the Function storage class whose type is an array: what glslc makes
    /// of a constant array indexed at run time (`%indexable`), copied into every
    /// invocation's memory at each use. fast_pow's tables were such arrays (the 4K chain
    /// on lavapipe 4.9 s; 0.59 s read from the table buffer).
    static func functionArrays(_ words: [UInt32]) throws -> Int {
        let opTypeArray: UInt32 = 28, opTypePointer: UInt32 = 32, opVariable: UInt32 = 59, function: UInt32 = 7
        var arrays: Set<UInt32> = [], arrayPointers: Set<UInt32> = []
        var found = 0
        for instruction in try #require(SPIRVInstruction.instructions(of: words)) {
            switch instruction.opcode {
            case opTypeArray:
                if let id = instruction[operand: 0] { arrays.insert(id) }
            case opTypePointer where instruction[operand: 1] == function:
                if let pointee = instruction[operand: 2], arrays.contains(pointee), let id = instruction[operand: 0] {
                    arrayPointers.insert(id)
                }
            case opVariable where instruction[operand: 2] == function:
                if let type = instruction[operand: 0], arrayPointers.contains(type) { found += 1 }
            default:
                break
            }
        }
        return found
    }

    @Test func noShaderCopiesAnArrayIntoEachInvocation() throws {
        for shader in Self.shaders {
            #expect(try Self.functionArrays(shader.words) == 0, "\(shader.name)")
        }
        // the check finds what it looks for: float[2] in a Function variable
        let module: [UInt32] = [0x0723_0203, 0x0001_0000, 0, 10, 0,
                                3 << 16 | 22, 1, 32,            // %1 = OpTypeFloat 32
                                4 << 16 | 28, 2, 1, 3,          // %2 = OpTypeArray %1 %3
                                4 << 16 | 32, 4, 7, 2,          // %4 = OpTypePointer Function %2
                                4 << 16 | 59, 4, 5, 7]          // %5 = OpVariable %4 Function
        #expect(try Self.functionArrays(module) == 1)
    }

    /// Float adds, subtracts and multiplies (scalar, vector by scalar, matrix, dot) not
    /// decorated NoContraction (GLSL `precise`): a driver may fuse such a multiply and add
    /// into one FMA, one rounding where the CPU makes two. NVIDIA does (the first card run
    /// found CDL one float step off the CPU); lavapipe does not, so only this shows it in CI.
    static func contractibleArithmetic(_ words: [UInt32]) throws -> [String] {
        let names: [UInt32: String] = [129: "OpFAdd", 131: "OpFSub", 133: "OpFMul", 142: "OpVectorTimesScalar",
                                       143: "OpMatrixTimesScalar", 144: "OpVectorTimesMatrix",
                                       145: "OpMatrixTimesVector", 146: "OpMatrixTimesMatrix", 148: "OpDot"]
        let opDecorate: UInt32 = 71, noContraction: UInt32 = 42
        var decorated: Set<UInt32> = [], arithmetic: [(id: UInt32, name: String)] = []
        for instruction in try #require(SPIRVInstruction.instructions(of: words)) {
            if instruction.opcode == opDecorate, instruction[operand: 1] == noContraction,
               let target = instruction[operand: 0] {
                decorated.insert(target)
            }
            if let name = names[instruction.opcode], let id = instruction[operand: 1] { arithmetic.append((id, name)) }
        }
        return arithmetic.filter { !decorated.contains($0.id) }.map { "\($0.name) %\($0.id)" }
    }

    @Test func everyFloatOperationIsRoundedOnItsOwn() throws {
        for shader in Self.shaders {
            #expect(try Self.contractibleArithmetic(shader.words) == [], "\(shader.name)")
        }
        let module: [UInt32] = [0x0723_0203, 0x0001_0000, 0, 10, 0,
                                3 << 16 | 71, 6, 42,            // OpDecorate %6 NoContraction
                                5 << 16 | 133, 1, 5, 2, 3,      // %5 = OpFMul %1 %2 %3
                                5 << 16 | 129, 1, 6, 5, 4]      // %6 = OpFAdd %1 %5 %4
        #expect(try Self.contractibleArithmetic(module) == ["OpFMul %5"])
    }

    /// How often a module uses OpIsNan (156) and OpIsInf (157): tests a compiler may fold
    /// to false where the device keeps no NaN for that width. The shaders test the bits
    /// instead (vfx_isnan, vfx_isnan64).
    static func floatClassTests(_ words: [UInt32]) throws -> Int {
        try #require(SPIRVInstruction.instructions(of: words)).filter { $0.opcode == 156 || $0.opcode == 157 }.count
    }

    @Test func nanAndInfinityAreTestedOnTheBits() throws {
        for shader in Self.shaders {
            #expect(try Self.floatClassTests(shader.words) == 0, "\(shader.name)")
        }
        #expect(try Self.floatClassTests([0x0723_0203, 0x0001_0000, 0, 10, 0, 4 << 16 | 156, 1, 2, 3]) == 1)
    }

    @Test func everyVariantIsValidSPIRVForVulkan() throws {
        let validator = try #require(Self.spirvVal(), "spirv-val is missing: run scripts/bootstrap (spirv-tools)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vfx-spirv-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var checked = 0
        for shader in Self.shaders {
            for device in Self.devices {
                let modes = device.modes(float64: shader.usesFloat64)
                let variant = shader.addingExecutionModes(modes)
                #expect(variant.words.count == shader.words.count + 4 * modes.count
                        + 2 * Set(modes.map(\.mode)).count + 1 + 6, "\(variant.name)")
                let file = folder.appendingPathComponent("\(variant.name).spv")
                try variant.words.withUnsafeBytes { try Data($0).write(to: file) }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: validator)
                process.arguments = ["--target-env", "vulkan1.1", file.path]
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = errors
                try process.run()
                let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(variant.name): \(output)")
                checked += 1
            }
        }
        #expect(checked == Self.shaders.count * Self.devices.count)
    }
}
