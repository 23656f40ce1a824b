import VFXCore
#if canImport(Glibc)
import Glibc
#endif

extension GPUContext {
    /// What moving `byteCount` bytes costs on this device with nothing else done, the
    /// floors benchmarks set runs against: `deviceCopy` (vkCmdCopyBuffer between two
    /// device-local buffers), `upload` and `download` (between the mapped staging buffer
    /// and device memory), each in seconds by GPU timestamps (nil without them), and
    /// `roundTrip`, the wall-clock seconds of one submit that uploads and downloads.
    /// Takes (and discards) timings not yet read with `takeTimings`.
    public func copyFloors(byteCount: Int) throws(VFXError)
        -> (deviceCopy: Double?, upload: Double?, download: Double?, roundTrip: Double) {
        try withLock { () throws(VFXError) in
            let first = try GPUBuffer(context: self, byteCount: byteCount, memory: .device)
            let second = try GPUBuffer(context: self, byteCount: byteCount, memory: .device)
            let staging = try stagingBuffer(byteCount)
            let wasTiming = timingEnabled
            let timed = setTiming(true)
            defer { if !wasTiming { _ = setTiming(false) } }
            _ = takeTimings()
            try begin()
            copy(from: first, to: second, byteCount: byteCount)
            try submit()
            let deviceCopy = timed ? takeTimings().last?.seconds : nil
            let start = monotonicSeconds()
            try begin()
            copy(from: staging, to: first, byteCount: byteCount)
            copy(from: first, to: staging, byteCount: byteCount)
            try submit()
            let roundTrip = monotonicSeconds() - start
            let transfers = timed ? takeTimings() : []
            return (deviceCopy, transfers.count == 2 ? transfers[0].seconds : nil,
                    transfers.count == 2 ? transfers[1].seconds : nil, roundTrip)
        }
    }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
