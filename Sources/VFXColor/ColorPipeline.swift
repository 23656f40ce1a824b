import VFXCore

/// A chain of color operations applied to an image in ONE pass over its memory: pixels
/// are loaded a block at a time (a few thousand, cache-resident), every op runs on the
/// block, and the block is stored back. The result equals applying the ops one after
/// the other; the memory traffic is that of one op.
public struct ColorPipeline: Sendable {
    public private(set) var operations: [any ColorOperation]

    public init(_ operations: [any ColorOperation] = []) {
        self.operations = operations
    }

    public mutating func append(_ operation: any ColorOperation) {
        operations.append(operation)
    }

    public mutating func append(contentsOf other: ColorPipeline) {
        operations.append(contentsOf: other.operations)
    }

    /// The chain with identities dropped and neighbors combined where exact.
    public func optimized() -> ColorPipeline {
        var result: [any ColorOperation] = []
        for operation in operations where !operation.isIdentity {
            if let last = result.last, let both = last.combined(with: operation) {
                result.removeLast()
                if !both.isIdentity { result.append(both) }
            } else {
                result.append(operation)
            }
        }
        return ColorPipeline(result)
    }

    /// Applies the chain to `image` in place with every core; on half and integer
    /// images, a leading run of per-channel curves as lookup tables (`ChannelTables`).
    public func apply(to image: Image) {
        let renderers = optimized().operations.map { $0.makeCPURenderer() }
        guard !renderers.isEmpty else { return }
        if let (tables, rest) = ChannelTables.plan(renderers, for: image) {
            PixelBlocks.process(image, tables: tables, rest: rest)
        } else {
            PixelBlocks.process(image, renderers: renderers)
        }
    }

    /// Applies the chain to `count` RGBA pixels in memory (tests, LUT baking).
    public func apply(to pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for renderer in optimized().operations.map({ $0.makeCPURenderer() }) {
            renderer.apply(pixels, count: count)
        }
    }
}
