import CPython
import PythonBridge
import VFXCore
import VFXGPU

/// The Vulkan backend's module functions. `vfxpy.devices()` (stdlib/vfxpy/processor.py)
/// is the public face; the underscored ones are for tests and benchmarks.
enum GPUBinding {
    static var functions: [PyMethodDef] { [
        Method.noArguments("_gpu_devices", doc: """
            _gpu_devices() -> list[dict]

            The Vulkan devices with a compute queue (empty without a loader or a driver).
            Loads libvulkan.so.1 on the first call. See vfxpy.devices().
            """, { _, _ in
                bridged {
                    let devices = try withoutGIL { GPUDevices.all }.map { device throws(PythonException) in
                        try CLFConversion.makeDict([
                            ("index", device.index.toPython()), ("name", device.name.toPython()),
                            ("type", device.kind.rawValue.toPython()), ("api_version", device.apiVersion.toPython()),
                            ("driver_version", Int(device.driverVersion).toPython()),
                            ("vendor_id", Int(device.vendorID).toPython()), ("device_id", Int(device.deviceID).toPython()),
                            ("memory_bytes", device.memoryBytes.toPython()),
                            ("max_storage_buffer_range", device.maxStorageBufferRange.toPython()),
                            ("float64", device.supportsFloat64.toPython()),
                        ])
                    }
                    return try makeList(devices).release()
                }
            }),
        Method.noArguments("_gpu_unavailable_reason", doc: """
            _gpu_unavailable_reason() -> str | None

            Why there is no Vulkan device (no loader, no driver), or None.
            """, { _, _ in
                bridged { try CLFConversion.optional(withoutGIL { GPUDevices.unavailableReason }).release() }
            }),
        Method.noArguments("_gpu_transfer_counts", doc: """
            _gpu_transfer_counts() -> dict

            Copies between host and device memory since start-up: 'uploads' (host to
            device, per image or tile), 'downloads' (device to host) and 'tiles' (bands
            of rows run for images over the device budget). For tests and benchmarks.
            """, { _, _ in
                bridged {
                    let counts = GPUTransfers.current
                    return try CLFConversion.makeDict([("uploads", counts.uploads.toPython()),
                                                    ("downloads", counts.downloads.toPython()),
                                                    ("tiles", counts.tiles.toPython())]).release()
                }
            }),
        Method.oneArgument("_gpu_set_tile_budget", doc: """
            _gpu_set_tile_budget(bytes) -> None

            Images whose RGBA float32 copy exceeds bytes run in tiles (bands of rows);
            0 restores the device's own limit. For tests ($VFXPY_GPU_TILE_BYTES at start).
            """, { _, value in
                bridged {
                    guard let value else { throw PythonException.typeError("bytes must be an int") }
                    let bytes = try convertInt(value, name: "bytes")
                    guard bytes >= 0 else { throw PythonException.valueError("bytes must be 0 or more, got \(bytes)") }
                    GPUBackend.tileBudget = bytes
                    return newNone()
                }
            }),
        Method.oneArgument("_gpu_provoke_validation_message", doc: """
            _gpu_provoke_validation_message(device) -> None

            Makes one deliberately invalid Vulkan call on device number `device` (a buffer
            without usage flags), for the test that checks the validation messenger works.
            Raises UnsupportedError when validation is off.
            """, { _, value in
                bridged {
                    guard let value else { throw PythonException.typeError("device must be an int") }
                    let device = try convertInt(value, name: "device")
                    do throws(VFXError) {
                        try GPUDevices.provokeValidationMessage(device: device)
                    } catch {
                        throw error.pythonException
                    }
                    return newNone()
                }
            }),
        Method.noArguments("_gpu_validation", doc: """
            _gpu_validation() -> tuple[bool, int, str]

            Whether the Khronos validation layer is on ($VFXPY_VULKAN_VALIDATION=1 before
            the first device query), how many warnings and errors it reported, the first one.
            """, { _, _ in
                bridged {
                    let state = GPUDevices.validation
                    return try makeTuple([state.enabled.toPython(), state.messages.toPython(),
                                          state.first.toPython()]).release()
                }
            }),
    ] }
}
