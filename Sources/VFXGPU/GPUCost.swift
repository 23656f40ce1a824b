import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The auto backend's cost model: per run, the device's time (moving the pixels over the
/// link, packing them, the dispatches, the submits) against the CPU backend's (the ops'
/// measured cost per pixel over every core, or the memory traffic, whichever is larger,
/// plus reading the pixels back first when the device holds them). `Processor()` on auto
/// runs each call where this says is faster; an explicit backend never asks it.
public enum GPUCost {
    /// The rates a context measures once per process (`GPUContext.costRates`), in bytes
    /// or seconds: `link` host↔device through staging (mean of the two directions),
    /// `device` device memory (a device-to-device copy reads and writes each byte once),
    /// `submit` one submit and wait with nothing to do, `host` a parallel host memcpy.
    public struct Rates: Sendable, Equatable {
        public var link: Double
        public var device: Double
        public var submit: Double
        public var host: Double
    }

    /// One run's estimate, what `Processor()` on auto decides from.
    public struct Estimate: Sendable {
        public let useDevice: Bool
        public let deviceSeconds: Double
        public let cpuSeconds: Double
        /// Bytes the device run moves between host and device memory.
        public let linkBytes: Int
        public let resident: Bool
        public let readBack: Bool
        /// The device would work in place on the imported host memory.
        public let imported: Bool
        /// The ops' CPU seconds per pixel on one core (measured on a sample, or set).
        public let cpuSecondsPerPixel: Double
        public let rates: Rates
    }

    /// Rates and `cpu` (seconds per pixel per core) set by hand instead of measured, by
    /// name: `VFXPY_GPU_COST="link=5.4e10,device=4e12,submit=2e-5,host=3e10,cpu=2e-9"`
    /// at start, or `_vfxpy._gpu_set_cost`. Names left out are measured.
    /// A bad `VFXPY_GPU_COST` fails every auto run with its message (cleared by setting
    /// `overrides`).
    nonisolated(unsafe) public static var overrides: [String: Double] = {
        guard let raw = getenv("VFXPY_GPU_COST") else { return [:] }
        do throws(VFXError) {
            return try parse(String(cString: raw))
        } catch {
            environmentError = error
            return [:]
        }
    }() {
        didSet { environmentError = nil }
    }

    nonisolated(unsafe) static var environmentError: VFXError?

    public static let names = ["link", "device", "submit", "host", "cpu"]

    /// "name=value,..." as overrides; a clear error for an unknown name or a bad value.
    public static func parse(_ text: String) throws(VFXError) -> [String: Double] {
        var result: [String: Double] = [:]
        for item in text.split(separator: ",") where item.contains(where: { !$0.isWhitespace }) {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0.filter { !$0.isWhitespace }) }
            guard parts.count == 2, names.contains(parts[0]), let value = Double(parts[1]), value > 0,
                  value.isFinite else {
                throw .invalidArgument(name: "VFXPY_GPU_COST",
                                       message: "'\(item)' is not name=positive number with a name of \(names)")
            }
            result[parts[0]] = value
        }
        return result
    }

    /// The measured CPU seconds per pixel on one core of each op, by op name.
    private static let sampled = Locked([String: Double]())

    /// CPU seconds per pixel on one core of `operations`: each op's renderer timed once on
    /// a 2048-pixel block of HDR values (best of 3), cached by op name for the process.
    static func cpuSecondsPerPixel(_ operations: [any ColorOperation]) -> Double {
        if let forced = overrides["cpu"] { return forced * Double(max(1, operations.count)) }
        var total = 0.0
        for operation in operations {
            if let known = sampled.withLock({ $0[operation.name] }) {
                total += known
                continue
            }
            let count = 2048
            let renderer = operation.makeCPURenderer()
            let block = UnsafeMutablePointer<RGBA>.allocate(capacity: count)
            defer { block.deallocate() }
            var best = Double.infinity
            for _ in 0..<3 {
                for index in 0..<count {
                    let v = Float(index % 97) / 24 - 0.5
                    block[index] = RGBA(v, v * 0.7 + 0.1, 1.2 - v * 0.3, 1)
                }
                let start = monotonicSeconds()
                renderer.apply(block, count: count)
                best = min(best, monotonicSeconds() - start)
            }
            let perPixel = best / Double(count)
            sampled.withLock { $0[operation.name] = perPixel }
            total += perPixel
        }
        return total
    }

    /// The estimate for running `gpuSteps` device steps (and `cpuOperations` CPU steps
    /// inside the device run) on `image`, against the CPU backend running `operations`.
    static func estimate(image: Image, operations: [any ColorOperation], gpuSteps: Int,
                         cpuOperations: [any ColorOperation], resident: Bool, readBack: Bool, imported: Bool,
                         direct: Bool, tiled: Bool, rates: Rates) -> Estimate {
        let pixels = Double(image.width * image.height)
        let floats = pixels * Double(MemoryLayout<RGBA>.stride)  // the device's RGBA float32 copy
        let hostBytes = Double(image.byteCount)
        let cores = Double(Parallel.workerCount)
        let perPixel = cpuSecondsPerPixel(operations)
        // moving the float copy: the link, plus packing/unpacking in staging on the host
        // unless the device copies the image's own (imported) pages
        let stagedOneWay = floats / rates.link + (direct ? 0 : (hostBytes + floats) / rates.host)
        let download = stagedOneWay
        var linkBytes = 0.0
        var device = Double(gpuSteps) * 2 * floats / rates.device
        device += Double(1 + 2 * cpuOperations.count) * rates.submit
        if !cpuOperations.isEmpty {
            device += pixels * cpuSecondsPerPixel(cpuOperations) / cores + 2 * floats / rates.link
            linkBytes += 2 * floats
        }
        if imported {
            // each dispatch reads and writes the host's pages over the link
            device += Double(gpuSteps) * 2 * floats / rates.link
            linkBytes += Double(gpuSteps) * 2 * floats
        } else if !resident || tiled {
            // up now, and back now (read back) or later (the host will want the pixels):
            // charged here, so a run never counts on ops that may not follow
            device += 2 * stagedOneWay
            linkBytes += 2 * floats
        }
        var cpu = max(pixels * perPixel / cores, 2 * hostBytes / rates.host)
        if resident && !tiled { cpu += download }
        return Estimate(useDevice: device < cpu, deviceSeconds: device, cpuSeconds: cpu, linkBytes: Int(linkBytes),
                        resident: resident, readBack: readBack, imported: imported, cpuSecondsPerPixel: perPixel,
                        rates: rates)
    }
}

extension GPUContext {
    /// The rates of `GPUCost`, measured on first use (16 MiB moved each way, twice;
    /// tens of ms on lavapipe) and kept for the process; overrides win.
    public func costRates() throws(VFXError) -> GPUCost.Rates {
        let forced = GPUCost.overrides
        if let error = GPUCost.environmentError { throw error }
        let measured = try measuredRates()
        return GPUCost.Rates(link: forced["link"] ?? measured.link, device: forced["device"] ?? measured.device,
                             submit: forced["submit"] ?? measured.submit, host: forced["host"] ?? measured.host)
    }

    private func measuredRates() throws(VFXError) -> GPUCost.Rates {
        if let rates = measuredCostRates.withLock({ $0 }) { return rates }
        let bytes = 16 << 20
        let moved = Double(bytes)
        var link = 0.0
        var deviceCopy = Double.infinity
        // the better of two: the first pays for touching fresh pages
        for _ in 0..<2 {
            let floors = try copyFloors(byteCount: bytes)
            if let up = floors.upload, let down = floors.download, up > 0, down > 0 {
                link = max(link, 2 * moved / (up + down))
            } else {
                link = max(link, 2 * moved / floors.roundTrip)
            }
            deviceCopy = min(deviceCopy, floors.deviceCopy.flatMap { $0 > 0 ? $0 : nil } ?? floors.roundTrip / 2)
        }
        // one submit with a 16-byte copy: the fixed cost of a run (best of 3)
        var fixed = Double.infinity
        try withLock { () throws(VFXError) in
            let buffer = try stagingBuffer(16)
            let target = try argumentBuffer(16)
            for _ in 0..<3 {
                let start = monotonicSeconds()
                try begin()
                copy(from: buffer, to: target, byteCount: 16)
                try submit()
                fixed = min(fixed, monotonicSeconds() - start)
            }
        }
        let rates = GPUCost.Rates(link: link, device: 2 * moved / deviceCopy, submit: fixed,
                                  host: Self.hostCopyRate(bytes: bytes))
        measuredCostRates.withLock { $0 = rates }
        return rates
    }

    /// A parallel memcpy's bytes per second (read + write counted once, as `link`).
    private static func hostCopyRate(bytes: Int) -> Double {
        let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer {
            source.deallocate()
            destination.deallocate()
        }
        memset(source, 1, bytes)
        memset(destination, 0, bytes)
        let from = UnsafeSendable(source)
        let to = UnsafeSendable(destination)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = monotonicSeconds()
            Parallel.forEachRange(bytes, grain: 1 << 20) { range in
                (to.value + range.lowerBound).copyMemory(from: from.value + range.lowerBound, byteCount: range.count)
            }
            best = min(best, monotonicSeconds() - start)
        }
        return Double(bytes) / best
    }
}
