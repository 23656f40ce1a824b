/// One instruction of a SPIR-V module: its words, the first holding the word count
/// (high 16 bits) and the opcode (low 16), then the operands. How the backend reads
/// the shaders it patches (`GPUShader.addingExecutionModes`) and how the tests read the
/// ones they check.
public struct SPIRVInstruction: Sendable {
    public let words: ArraySlice<UInt32>

    public var opcode: UInt32 { words[words.startIndex] & 0xFFFF }

    /// Operand `index` (0: the word after the opcode's), or nil past the instruction's end.
    public subscript(operand index: Int) -> UInt32? {
        index >= 0 && index + 1 < words.count ? words[words.startIndex + 1 + index] : nil
    }

    /// The instructions after a module's 5-word header, in order; nil for a malformed
    /// module (shorter than its header, a zero word count, an instruction past the end).
    public static func instructions(of module: [UInt32]) -> [SPIRVInstruction]? {
        guard module.count >= 5 else { return nil }
        var instructions: [SPIRVInstruction] = []
        var index = 5
        while index < module.count {
            let count = Int(module[index] >> 16)
            guard count > 0, index + count <= module.count else { return nil }
            instructions.append(SPIRVInstruction(words: module[index..<(index + count)]))
            index += count
        }
        return instructions
    }
}
