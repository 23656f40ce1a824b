import Testing
import VFXColor
import VFXCore
import VFXGPU

/// The Vulkan backend from Swift, on the first Vulkan device (lavapipe in CI), against
/// the CPU backend; the Python suite (Tests/python/test_gpu.py) covers every op, format,
/// selection rule and validation messages.
@Suite(.enabled(if: !GPUDevices.all.isEmpty, "needs a Vulkan device (mesa-vulkan-drivers)"))
struct GPUBackendTests {
    static func image(width: Int = 33, height: Int = 7, seed: UInt64 = 1) throws -> Image {
        let image = try Image(width: width, height: height, channels: 4, format: .f32)
        var state = seed
        let floats = image.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for i in 0..<image.componentCount {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            floats[i] = Float(state >> 40) / Float(1 << 24) * 9 - 1  // -1 ..< 8
        }
        return image
    }

    static func values(_ image: Image) -> [Float] {
        Array(UnsafeBufferPointer(start: image.pixels.baseAddress.assumingMemoryBound(to: Float.self),
                                  count: image.componentCount))
    }

    static var pipeline: ColorPipeline {
        get throws {
            let lut = try Lut3D(size: 5, values: (0..<(3 * 125)).map { Float($0 % 17) / 16 }, domainMax: SIMD3(repeating: 8))
            return ColorPipeline([
                MatrixOp.exposure(stops: 0.5), MatrixOp.saturation(1.2),
                CDLOp(slope: SIMD3(1.1, 1, 0.9), power: SIMD3(1.2, 1, 0.8), saturation: 0.9),
                ContrastOp(amount: 1.1), Lut3DOp(lut, interpolation: .tetrahedral),
                try TransferOp(curve: "srgb", direction: .encode),
            ])
        }
    }

    @Test func chainEqualsTheCPUBackendAndStaysOnTheDevice() throws {
        let gpu = try Self.image(), cpu = try Self.image()
        let pipeline = try Self.pipeline
        let before = GPUTransfers.current
        try GPUBackend.apply(pipeline, to: gpu, device: 0)
        #expect(gpu.residency != nil)
        #expect(GPUTransfers.current.uploads == before.uploads + 1)
        #expect(GPUTransfers.current.downloads == before.downloads)
        try gpu.synchronizeHost()
        #expect(gpu.residency == nil)
        #expect(GPUTransfers.current.downloads == before.downloads + 1)
        pipeline.apply(to: cpu)
        let ours = Self.values(gpu), reference = Self.values(cpu)
        for (a, b) in zip(ours, reference) {
            #expect(a == b || (a.isNaN && b.isNaN) || abs(a - b) <= 1e-5)
        }
    }

    @Test func unknownDeviceIsAnUnsupportedError() throws {
        let image = try Self.image()
        #expect(throws: VFXError.self) { try GPUBackend.apply(try Self.pipeline, to: image, device: 999) }
    }
}
