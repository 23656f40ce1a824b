import Testing
import VFXColor

/// The Swift generated from Ops/ColorOps.table: op codes in line order with the variants'
/// ranges, and each factory's words in the order the table (and so the GLSL accessors)
/// lays them out. The shaders' side is checked on a device by Tests/python/test_gpu*.py.
@Suite struct OpTableTests {
    @Test func opCodesFollowTheTableWithoutGaps() {
        var next: UInt32 = 1
        for op in GPUKernel.Operation.allCases {
            #expect(op.rawValue == next, "\(op)")
            next += op.variants
        }
        #expect(GPUKernel.Operation.transfer.variants == 2 * UInt32(GPUTransferCurve.allCases.count))
        #expect(GPUKernel.Operation.transfer.needsFloat64 && !GPUKernel.Operation.cdl.needsFloat64)
    }

    @Test func factoriesPackTheWordsInTableOrder() {
        let f = { (v: Float) in v.bitPattern }
        let cdl = GPUKernel.cdl(slope: SIMD3(1, 2, 3), offset: SIMD3(4, 5, 6), power: SIMD3(7, 8, 9),
                                saturation: 10, clamps: true, withPower: false)
        #expect(cdl.code == GPUKernel.Operation.cdl.rawValue)
        #expect(cdl.parameters == (1...10).map { f(Float($0)) } + [1, 0])
        #expect(cdl.table.isEmpty && !cdl.needsFloat64)

        let matrix = GPUKernel.matrix(full: true, matrix: (0..<16).map(Float.init), offset: SIMD4(16, 17, 18, 19))
        #expect(matrix.parameters == [1] + (0..<20).map { f(Float($0)) })

        let lut = GPUKernel.lut3d(size: 2, a: SIMD3(1, 1, 1), b: .zero, tetrahedral: true, table: [0.5])
        #expect(lut.parameters == [2, f(1), f(1), f(1), 0, 0, 0, 1] && lut.table == [0.5])

        // doubles as two words, low word first (GLSL packDouble2x32)
        let transfer = GPUKernel.transfer(variant: 3, values: [1.5])
        #expect(transfer.code == GPUKernel.Operation.transfer.rawValue + 3 && transfer.needsFloat64)
        #expect(transfer.parameters == [UInt32(truncatingIfNeeded: (1.5).bitPattern), UInt32((1.5).bitPattern >> 32)])

        let curve = GPUKernel.transfer32(kind: 2, k: [0.25, 0.5])
        #expect(curve.parameters == [2, f(0.25), f(0.5)])
    }

    /// An op's kernel carries the op's own values: a CDL's slope at words 0-2.
    @Test func opsUseTheirFactories() throws {
        let op = CDLOp(slope: SIMD3(2, 3, 4), offset: .zero, power: .one, saturation: 1, style: .asc)
        let kernel = try #require(op.makeGPUKernel())
        #expect(kernel.code == GPUKernel.Operation.cdl.rawValue)
        #expect(Array(kernel.parameters[0..<3]) == [Float(2).bitPattern, Float(3).bitPattern, Float(4).bitPattern])
        #expect(Array(kernel.parameters[10...]) == [1, 0])  // clamps (ASC), no power
    }
}
