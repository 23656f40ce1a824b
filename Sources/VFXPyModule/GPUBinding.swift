import PythonBridge
import VFXColor
import VFXCore
import VFXGPU

/// The Vulkan backend's module functions. `vfxpy.devices()` (stdlib/vfxpy/processor.py)
/// is the public face; the underscored ones are for tests and benchmarks.
enum GPUBinding {
    static var functions: [MethodDefinition] { [
        Method.noArguments("_gpu_devices", doc: """
            _gpu_devices() -> list[dict]

            The Vulkan devices with a compute queue (empty without a loader or a driver).
            Loads libvulkan.so.1 on the first call. See vfxpy.devices().
            """, { _, _ in
                bridged {
                    let devices = try releasingGIL { GPUDevices.all }.map { device throws(PythonException) in
                        try makeDict([
                            ("index", device.index.toPython()), ("name", device.name.toPython()),
                            ("type", device.kind.rawValue.toPython()), ("api_version", device.apiVersion.toPython()),
                            ("driver_version", Int(device.driverVersion).toPython()),
                            ("vendor_id", Int(device.vendorID).toPython()), ("device_id", Int(device.deviceID).toPython()),
                            ("memory_bytes", device.memoryBytes.toPython()),
                            ("max_storage_buffer_range", device.maxStorageBufferRange.toPython()),
                            ("float64", device.supportsFloat64.toPython()),
                            ("float_controls", try GPUBinding.floatControls(device)),
                            ("timestamps", (device.timestampPeriod != nil).toPython()),
                            ("imports_host_memory", device.importsHostMemory.toPython()),
                            ("memory_types", try makeList(device.memoryTypes.map { type throws(PythonException) in
                                try makeDict([("flags", try makeList(type.flags.map { f throws(PythonException) in try f.toPython() })),
                                              ("heap_bytes", try type.heapBytes.toPython())])
                            })),
                        ])
                    }
                    return try makeList(devices).release()
                }
            }),
        Method.noArguments("_gpu_unavailable_reason", doc: """
            _gpu_unavailable_reason() -> str | None

            Why there is no Vulkan device (no loader, no driver), or None.
            """, { _, _ in
                bridged { try CLFConversion.optional(releasingGIL { GPUDevices.unavailableReason }).release() }
            }),
        Method.noArguments("_gpu_transfer_counts", doc: """
            _gpu_transfer_counts() -> dict

            Copies between host and device memory since start-up: 'uploads' (host to
            device, per image or tile), 'downloads' (device to host), 'direct' (those of
            them copied from or to the image's own imported pages, no staging), 'tiles' (bands
            of rows run for images over the device budget), 'imports' (runs in place
            on a numpy array's memory imported into the device: no copy either way),
            and the auto backend's choices, 'auto_device' and 'auto_cpu'. For tests
            and benchmarks.
            """, { _, _ in
                bridged {
                    let counts = GPUTransfers.current
                    return try makeDict([("uploads", counts.uploads.toPython()),
                                                    ("downloads", counts.downloads.toPython()),
                                                    ("direct", counts.direct.toPython()),
                                                    ("tiles", counts.tiles.toPython()),
                                                    ("imports", counts.imports.toPython()),
                                                    ("auto_device", counts.autoDevice.toPython()),
                                                    ("auto_cpu", counts.autoCPU.toPython())]).release()
                }
            }),
        Method.keywords("_gpu_apply_auto", doc: """
            _gpu_apply_auto(pipeline, img, device) -> str

            Processor() on auto: runs the pipeline on img in place on Vulkan device number
            `device` or on the CPU backend, whichever the cost model estimates faster now
            (see _gpu_estimate), with the GIL released. Returns which ran: 'vulkan' or 'cpu'.
            """, { _, args, kwargs in
                bridged {
                    let (pipeline, image, device) = try GPUBinding.runArguments("_gpu_apply_auto()", args, kwargs)
                    let estimate: GPUCost.Estimate?
                    estimate = try releasingGIL { () throws(VFXError) in
                        // an in-place change like Pipeline.apply: the image's writers take turns
                        try image.changingPixels { () throws(VFXError) in
                            try GPUBackend.applyAuto(pipeline, to: image, device: device)
                        }
                    }
                    return try (estimate?.useDevice == true ? "vulkan" : "cpu").toPython().release()
                }
            }),
        Method.keywords("_gpu_estimate", doc: """
            _gpu_estimate(pipeline, img, device) -> dict | None

            The auto backend's cost model for running the pipeline on img now on Vulkan
            device number `device` (None when no op has a shader: the CPU backend runs):
            'choice' ('vulkan' or 'cpu'), 'device_seconds', 'cpu_seconds', 'link_bytes'
            (moved between host and device), 'resident', 'read_back', 'imported' (would
            run in place on the imported host memory), 'cpu_seconds_per_pixel' (the ops on
            one core, sampled), and the device's rates: 'link' and 'host' (bytes/s through
            staging and of a host memcpy), 'device' (bytes/s of device memory), 'submit'
            (seconds of an empty submit); measured once per process unless set by
            $VFXPY_GPU_COST or _gpu_set_cost.
            """, { _, args, kwargs in
                bridged {
                    let (pipeline, image, device) = try GPUBinding.runArguments("_gpu_estimate()", args, kwargs)
                    let found: GPUCost.Estimate?
                    found = try releasingGIL { () throws(VFXError) in
                        try GPUBackend.estimate(pipeline, for: image, device: device)
                    }
                    guard let e = found else { return PyRef.none.release() }
                    return try makeDict([
                        ("choice", (e.useDevice ? "vulkan" : "cpu").toPython()),
                        ("device_seconds", e.deviceSeconds.toPython()), ("cpu_seconds", e.cpuSeconds.toPython()),
                        ("link_bytes", e.linkBytes.toPython()), ("resident", e.resident.toPython()),
                        ("read_back", e.readBack.toPython()), ("imported", e.imported.toPython()),
                        ("cpu_seconds_per_pixel", e.cpuSecondsPerPixel.toPython()),
                        ("link", e.rates.link.toPython()), ("host", e.rates.host.toPython()),
                        ("device", e.rates.device.toPython()), ("submit", e.rates.submit.toPython()),
                    ]).release()
                }
            }),
        Method.oneArgument("_gpu_set_cost", doc: """
            _gpu_set_cost(spec) -> None

            Sets some of the cost model's numbers instead of measuring them, as
            $VFXPY_GPU_COST does at start: 'link=5.4e10,device=4e12,submit=2e-5,host=3e10,
            cpu=2e-9' (bytes/s, seconds, and cpu: seconds per pixel per op on one core);
            names left out are measured. None or '' measures all. For tests and benchmarks.
            """, { _, value in
                bridged {
                    var text = ""
                    if let value, !isNone(value) { text = try convertString(value, name: "spec") }
                    do throws(VFXError) {
                        GPUCost.overrides = try GPUCost.parse(text)
                    } catch {
                        throw error.pythonException
                    }
                    return newNone()
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
        Method.keywords("_gpu_provoke_validation_message", doc: """
            _gpu_provoke_validation_message(device, mistake='usage') -> None

            Makes one deliberate Vulkan mistake on device number `device`, for the tests
            that check the validation messenger works: 'usage' creates a buffer without
            usage flags; 'hazard' records two copies into one buffer with no barrier
            between them, which only synchronization validation reports; 'bounds' runs a
            shader that writes past its buffer's end, which GPU-assisted validation
            reports and stops (refused with UnsupportedError unless
            $VFXPY_VULKAN_VALIDATION=gpu). Raises UnsupportedError when validation is off.
            """, { _, args, kwargs in
                bridged {
                    let a = try Arguments(function: "_gpu_provoke_validation_message()", args: args, kwargs: kwargs,
                                          names: ["device", "mistake"], required: 1)
                    let device = try a.int("device", default: 0)
                    let name = try a.string("mistake", default: GPUDevices.Mistake.usage.rawValue)
                    guard let mistake = GPUDevices.Mistake(rawValue: name) else {
                        let known = GPUDevices.Mistake.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                        throw PythonException.valueError("mistake must be one of \(known), got '\(name)'")
                    }
                    do throws(VFXError) {
                        try GPUDevices.provokeValidationMessage(device: device, mistake: mistake)
                    } catch {
                        throw error.pythonException
                    }
                    return newNone()
                }
            }),
        Method.keywords("_gpu_set_timing", doc: """
            _gpu_set_timing(device, on) -> bool

            Times every copy and dispatch on device number `device` with GPU timestamps
            from now on (on=False stops; $VFXPY_GPU_TIMING=1 turns it on at start). False
            when the device has no timestamps on its compute queue. For benchmarks.
            """, { _, args, kwargs in
                bridged {
                    let a = try Arguments(function: "_gpu_set_timing()", args: args, kwargs: kwargs,
                                          names: ["device", "on"], required: 2)
                    let context = try GPUBinding.contextOf(try a.int("device", default: 0))
                    return context.setTiming(try a.bool("on", default: false)).toPython().release()
                }
            }),
        Method.oneArgument("_gpu_timings", doc: """
            _gpu_timings(device) -> list[tuple[str, float]]

            ('copy' or 'dispatch', seconds) of each command timed since the last call,
            oldest first, by GPU timestamps (see _gpu_set_timing).
            """, { _, value in
                bridged {
                    guard let value else { throw PythonException.typeError("device must be an int") }
                    let context = try GPUBinding.contextOf(try convertInt(value, name: "device"))
                    let rows = try context.takeTimings().map { row throws(PythonException) in
                        try makeTuple([row.kind.toPython(), row.seconds.toPython()])
                    }
                    return try makeList(rows).release()
                }
            }),
        Method.keywords("_gpu_copy_floors", doc: """
            _gpu_copy_floors(device, bytes) -> dict

            What moving `bytes` bytes costs on device number `device` with nothing else
            done: 'device_copy' (vkCmdCopyBuffer device to device), 'upload' and
            'download' (staging <-> device memory), seconds by GPU timestamps (None
            without them), and 'round_trip' (wall-clock seconds of one submit that uploads
            and downloads). The floors scripts/benchmarks/55_gpu.py sets runs against.
            """, { _, args, kwargs in bridged { try GPUBinding.copyFloors(args, kwargs).release() } }),
        Method.oneArgument("_gpu_pipeline_cache", doc: """
            _gpu_pipeline_cache(device) -> dict

            Device number `device`'s pipeline cache: 'path' (its file, None when off),
            'loaded_bytes' (driver data read from the file at start; 0 when there was
            none or it was ignored as foreign or corrupt) and 'writes' (times the file was
            written since: only when new pipelines were compiled).
            """, { _, value in
                bridged {
                    guard let value else { throw PythonException.typeError("device must be an int") }
                    let context = try GPUBinding.contextOf(try convertInt(value, name: "device"))
                    let cache = context.pipelineCache
                    return try makeDict([
                        ("path", try CLFConversion.optional(cache.path)),
                        ("loaded_bytes", cache.loadedBytes.toPython()), ("writes", cache.writes.toPython()),
                    ]).release()
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

    /// {'denorm_preserve': [widths], 'signed_zero_inf_nan_preserve': [widths],
    /// 'denorm_independence': '32_bit_only' | 'all' | 'none'}: the execution modes the
    /// shaders get on the device (float64 widths only with shaderFloat64; 16 only as the
    /// denormal mode float64 shares) and the device's rule that decides them.
    static func floatControls(_ device: GPUDeviceInfo) throws(PythonException) -> PyRef {
        let modes = device.floatControls.modes(float64: device.supportsFloat64)
        func widths(_ mode: UInt32) throws(PythonException) -> PyRef {
            var items: [PyRef] = []
            for entry in modes where entry.mode == mode { items.append(try Int(entry.width).toPython()) }
            return try makeList(items)
        }
        return try makeDict([
            ("denorm_preserve", try widths(FloatControls.denormPreserveMode)),
            ("signed_zero_inf_nan_preserve", try widths(FloatControls.signedZeroInfNanPreserveMode)),
            ("denorm_independence", device.floatControls.denormIndependenceName.toPython()),
        ])
    }

    static func copyFloors(_ args: PyPointer?, _ kwargs: PyPointer?) throws(PythonException) -> PyRef {
        let a = try Arguments(function: "_gpu_copy_floors()", args: args, kwargs: kwargs,
                              names: ["device", "bytes"], required: 2)
        let context = try contextOf(try a.int("device", default: 0))
        let bytes = try a.int("bytes", default: 0)
        guard bytes > 0 else { throw PythonException.valueError("bytes must be positive, got \(bytes)") }
        let floors: (deviceCopy: Double?, upload: Double?, download: Double?, roundTrip: Double)
        floors = try releasingGIL { () throws(VFXError) in try context.copyFloors(byteCount: bytes) }
        return try makeDict([
            ("device_copy", try seconds(floors.deviceCopy)), ("upload", try seconds(floors.upload)),
            ("download", try seconds(floors.download)), ("round_trip", try floors.roundTrip.toPython()),
        ])
    }

    private static func seconds(_ value: Double?) throws(PythonException) -> PyRef {
        guard let value else { return PyRef.none }
        return try value.toPython()
    }

    /// `function(pipeline, img, device)` of the run functions, all three required: the
    /// pipeline, img (its device copy kept) and the device number.
    static func runArguments(_ function: String, _ args: PyPointer?,
                             _ kwargs: PyPointer?) throws(PythonException) -> (ColorPipeline, Image, Int) {
        let a = try Arguments(function: function, args: args, kwargs: kwargs,
                              names: ["pipeline", "img", "device"], required: 3)
        let pipeline = try PipelineBinding.box(a["pipeline"]).pipeline
        guard let imageObject = a["img"] else { throw PythonException.typeError("img must be a vfxpy.Image, not None") }
        let image = try ImageBinding.residentImage(imageObject, name: "img")
        let device = try a.int("device", default: 0)
        guard device >= 0 else { throw PythonException.valueError("device must be 0 or more, got \(device)") }
        return (pipeline, image, device)
    }

    static func contextOf(_ device: Int) throws(PythonException) -> GPUContext {
        do throws(VFXError) { return try GPUContext.shared(device: device) } catch { throw error.pythonException }
    }
}
