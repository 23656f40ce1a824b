import CVulkan
import Testing

/// Which memory type each kind of buffer takes (CVulkan's vfx_vk_choose_memory_type) on
/// the type lists of real devices: lavapipe has one type with every flag, so CI's own
/// device never shows a choice. The lists are shaped like what the vendors' Linux
/// drivers report (flags per type, in order; heaps left out).
struct MemoryTypeTests {
    static let local = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue
    static let visible = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue
    static let coherent = VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue
    static let cached = VK_MEMORY_PROPERTY_HOST_CACHED_BIT.rawValue
    static let amdCoherent = VK_MEMORY_PROPERTY_DEVICE_COHERENT_BIT_AMD.rawValue
    static let amdUncached = VK_MEMORY_PROPERTY_DEVICE_UNCACHED_BIT_AMD.rawValue
    static let mapped = visible | coherent

    /// The type each purpose takes, in the order device, staging, arguments: its first
    /// choice, or "fallback N" when only the second fits.
    static func choices(_ flags: [UInt32], allowed: UInt32 = ~0) -> [String] {
        var memory = VkPhysicalDeviceMemoryProperties()
        memory.memoryTypeCount = UInt32(flags.count)
        memory.memoryHeapCount = 1
        withUnsafeMutableBytes(of: &memory.memoryTypes) { raw in
            let types = raw.bindMemory(to: VkMemoryType.self)
            for (index, flag) in flags.enumerated() { types[index] = VkMemoryType(propertyFlags: flag, heapIndex: 0) }
        }
        return [VFX_VK_MEMORY_DEVICE, VFX_VK_MEMORY_STAGING, VFX_VK_MEMORY_ARGUMENTS].map { purpose in
            let first = vfx_vk_choose_memory_type(&memory, allowed, Int32(purpose), 0)
            return first >= 0 ? "\(first)" : "fallback \(vfx_vk_choose_memory_type(&memory, allowed, Int32(purpose), 1))"
        }
    }

    /// NVIDIA (discrete): device-local for images, host-cached for read-backs, the BAR
    /// heap (device-local and mapped) for tables.
    static let nvidia: [UInt32] = [0, local, local, mapped, mapped | cached, local | mapped]

    @Test func nvidiaDiscrete() {
        #expect(Self.choices(Self.nvidia) == ["1", "4", "5"])
    }

    /// AMD (RADV): the device-coherent types come last and are never taken.
    @Test func amdDiscrete() {
        let amd = Self.amdCoherent | Self.amdUncached
        let types: [UInt32] = [Self.local, Self.mapped, Self.local | Self.mapped, Self.mapped | Self.cached,
                               Self.local | amd, Self.mapped | amd, Self.local | Self.mapped | amd,
                               Self.mapped | Self.cached | amd]
        #expect(Self.choices(types) == ["0", "3", "2"])
    }

    /// Intel (integrated): all memory is device-local; read-backs take the cached type.
    @Test func intelIntegrated() {
        let types: [UInt32] = [Self.local, Self.local | Self.mapped, Self.local | Self.mapped | Self.cached]
        #expect(Self.choices(types) == ["0", "2", "1"])
    }

    @Test func lavapipeHasOneTypeForAll() {
        #expect(Self.choices([Self.local | Self.mapped | Self.cached]) == ["0", "0", "0"])
    }

    /// A buffer whose memoryTypeBits leave out the preferred type takes the fallback
    /// (staging without cached memory: plain mapped; tables without a BAR: host memory),
    /// and a device with no device-local type still gets memory for images.
    @Test func fallbacks() {
        let withoutCachedOrBar: UInt32 = 0b001111
        #expect(Self.choices(Self.nvidia, allowed: withoutCachedOrBar) == ["1", "fallback 3", "fallback 3"])
        #expect(Self.choices([Self.mapped]) == ["fallback 0", "fallback 0", "fallback 0"])
    }
}
