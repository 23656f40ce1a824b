import VFXColor

extension GPUShader {
    /// The shader as `device` runs it: with the float-control execution modes the device
    /// supports for the widths the shader computes in (float64 when its module declares
    /// the Float64 capability), so denormals, signed zeros, infinities and NaN stay as on
    /// the CPU. Every pipeline is made from this (`GPUContext.pipeline`).
    func variant(for device: GPUDeviceInfo) -> GPUShader {
        addingExecutionModes(device.floatControls.modes(float64: usesFloat64))
    }

    /// Whether the module declares `OpCapability Float64`.
    public var usesFloat64: Bool {
        let opCapability: UInt32 = 17, float64: UInt32 = 10
        let instructions = SPIRVInstruction.instructions(of: words) ?? []
        // capabilities come first
        return instructions.prefix { $0.opcode == opCapability }.contains { $0[operand: 0] == float64 }
    }

    /// The SPIR-V with float-control execution modes (SPV_KHR_float_controls) added: the
    /// capability of each mode, the extension, and `OpExecutionMode <entry> <mode>
    /// <width>`, each where the SPIR-V layout puts it. glslang 11 cannot write them all
    /// (`spirv_execution_mode` keeps one width per mode), and which ones a device takes
    /// is only known at run time, so they are added here. Named by the modes it adds, so
    /// the pipeline cache keys differ.
    public func addingExecutionModes(_ modes: [(mode: UInt32, width: UInt32)]) -> GPUShader {
        guard !modes.isEmpty, let instructions = SPIRVInstruction.instructions(of: words) else { return self }
        let opExtension: UInt32 = 10, opEntryPoint: UInt32 = 15, opExecutionMode: UInt32 = 16
        let opCapability: UInt32 = 17
        // capability = mode + 5 (DenormPreserve 4464, SignedZeroInfNanPreserve 4466)
        let capabilities = Array(Set(modes.map { $0.mode + 5 })).sorted()
        var bytes = Array("SPV_KHR_float_controls".utf8) + [0]
        while bytes.count % 4 != 0 { bytes.append(0) }
        var nameWords: [UInt32] = []
        for i in stride(from: 0, to: bytes.count, by: 4) {
            var word: UInt32 = 0
            for k in 0..<4 { word |= UInt32(bytes[i + k]) << UInt32(8 * k) }
            nameWords.append(word)
        }
        var out = Array(words.prefix(5))
        var entry: UInt32?
        var addedCapabilities = false, addedModes = false
        for instruction in instructions {
            let opcode = instruction.opcode
            if !addedCapabilities, opcode != opCapability {
                for capability in capabilities { out += [2 << 16 | opCapability, capability] }
                out += [UInt32(1 + nameWords.count) << 16 | opExtension] + nameWords
                addedCapabilities = true
            }
            if opcode == opEntryPoint, let id = instruction[operand: 1] { entry = id }
            if !addedModes, let entry, opcode != opEntryPoint, opcode != opExecutionMode {
                for (mode, width) in modes { out += [4 << 16 | opExecutionMode, entry, mode, width] }
                addedModes = true
            }
            out += instruction.words
        }
        guard addedModes else { return self }
        let suffix = modes.map { "\($0.mode == FloatControls.denormPreserveMode ? "dp" : "sz")\($0.width)" }
        return GPUShader(name: ([name] + suffix).joined(separator: "+"), words: out)
    }
}
