// The Vulkan compute runtime of vfxrun's GPU backend, in C: libvulkan.so.1 is opened
// with dlopen on first use (so a machine without the Vulkan loader still runs vfxrun and
// `import vfxpy` pays nothing), then one instance, device enumeration, and per device a
// context with one compute queue, buffers, pipelines and a command buffer.
//
// Every function returns a VkResult (VK_SUCCESS = 0) or fills a message; nothing here
// prints or aborts. The Swift target VFXGPU builds the backend on top.
#ifndef CVULKAN_H
#define CVULKAN_H

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What vfxpy.devices() lists about one physical device.
typedef struct vfx_vk_device_info {
    char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
    uint32_t type;               /* VkPhysicalDeviceType */
    uint32_t api_version;
    uint32_t driver_version;
    uint32_t vendor_id;
    uint32_t device_id;
    uint64_t device_local_bytes; /* the largest device-local heap */
    uint64_t max_storage_buffer_range;
    uint64_t max_allocation_bytes;
    uint32_t max_workgroup_count_x;
    int has_compute_queue;
    int float64;                 /* shaderFloat64 */
    /* VK_KHR_shader_float_controls' properties (0 without the extension): per mode,
       bits 1 (16-bit), 2 (32-bit), 4 (64-bit) for the widths it is supported for. */
    uint32_t denorm_preserve;
    uint32_t signed_zero_inf_nan_preserve;
    uint32_t denorm_independence;  /* VkShaderFloatControlsIndependence */
    uint8_t pipeline_cache_uuid[VK_UUID_SIZE];
    float timestamp_period;      /* nanoseconds per timestamp tick */
    int timestamps;              /* the compute queue writes timestamps */
    int external_memory_host;    /* VK_EXT_external_memory_host is available */
    /* the memory types, in the device's order: VkMemoryPropertyFlags and their heap's size */
    uint32_t memory_type_count;
    uint32_t memory_type_flags[VK_MAX_MEMORY_TYPES];
    uint64_t memory_type_heap_bytes[VK_MAX_MEMORY_TYPES];
} vfx_vk_device_info;

/// What `vfx_vk_initialize` validates: nothing; every call (VK_LAYER_KHRONOS_validation)
/// with synchronization validation, which reports hazards between commands that lack a
/// barrier (lavapipe runs each command to completion in order, so only this shows them
/// before a real GPU does); that and GPU-assisted validation, which checks every shader
/// buffer access against its buffer (several times slower).
enum {
    VFX_VK_VALIDATION_OFF = 0,
    VFX_VK_VALIDATION_ON = 1,
    VFX_VK_VALIDATION_GPU_ASSISTED = 2,
};

/// Opens the loader and creates the instance (once; later calls return the first
/// result). `validation` (VFX_VK_VALIDATION_*) enables the layer and a debug messenger
/// that counts messages (and keeps the first one) instead of printing them.
/// Returns 0, or -1 with `message` filled (no loader, no instance).
int vfx_vk_initialize(int validation, char *message, size_t length);
/// Physical devices (0 before a successful initialize).
int vfx_vk_device_count(void);
int vfx_vk_device_info_at(int index, vfx_vk_device_info *info);
/// The validation level in effect (VFX_VK_VALIDATION_*; OFF when the layer is missing).
int vfx_vk_validation_enabled(void);
/// Validation messages (warnings and errors) seen so far; the first one's text.
uint64_t vfx_vk_validation_message_count(void);
void vfx_vk_validation_first_message(char *out, size_t length);

/// A buffer and its memory; `mapped` is non-NULL for host-visible buffers.
typedef struct vfx_vk_buffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    void *mapped;
    uint64_t size;
} vfx_vk_buffer;

typedef struct vfx_vk_context vfx_vk_context;

/// A device context on physical device `index`: device, compute queue, command pool and
/// buffer, fence, descriptor pool and the one pipeline layout every shader shares
/// (binding 0: the pixels, vec4 storage buffer; 1: parameters; 2: a table; push
/// constants: first pixel and pixel count). NULL with `*result` set on failure.
/// `float_controls` non-zero enables VK_KHR_shader_float_controls (for shaders with
/// float-control execution modes). `cache`/`cache_size`: a VkPipelineCache's data from an
/// earlier process; used only when its header names this device (vendor, device,
/// pipelineCacheUUID), else the cache starts empty.
vfx_vk_context *vfx_vk_context_create(int index, int float64, int float_controls, const void *cache,
                                      size_t cache_size, VkResult *result);
void vfx_vk_context_destroy(vfx_vk_context *context);

/// Recording slots per context: tiled runs record one while the device runs the other.
#define VFX_VK_FRAMES 2

/// What a buffer is for, which picks its memory type (the first of the device's types
/// that has the flags wanted, trying each preference in turn):
enum {
    /// device-local memory (images on the device, intermediates)
    VFX_VK_MEMORY_DEVICE = 0,
    /// staging: mapped and coherent, host-cached where the device offers it, since the host
    /// reads read-backs from it (uncached, write-combined memory reads at a fraction of
    /// memory speed)
    VFX_VK_MEMORY_STAGING = 1,
    /// parameters and tables the host writes and shaders read, again at every pixel (a
    /// LUT): mapped and coherent, device-local where the device maps such memory (a
    /// discrete GPU's BAR heap, every integrated or software device), else host memory
    VFX_VK_MEMORY_ARGUMENTS = 2,
};
/// The memory type (an index into `memory`'s types, among `bits`) a buffer for `purpose`
/// takes as its `choice`-th preference: 0 the best, 1 the fallback when no type fits the
/// first or its heap is full; -1 when no type fits that one. vfx_vk_buffer_create
/// allocates by it; exposed so the choice can be checked on other devices' type lists.
int vfx_vk_choose_memory_type(const VkPhysicalDeviceMemoryProperties *memory, uint32_t bits, int purpose, int choice);
VkResult vfx_vk_buffer_create(vfx_vk_context *context, uint64_t size, int memory, vfx_vk_buffer *buffer);
void vfx_vk_buffer_destroy(vfx_vk_context *context, vfx_vk_buffer *buffer);
/// A buffer over host memory the caller owns (VK_EXT_external_memory_host): the pages
/// holding `pointer ..< pointer + size`, imported so the device reads and writes them in
/// place; `*offset` gets where `pointer` lies in the buffer (a shader binds it there only
/// when it is a multiple of minStorageBufferOffsetAlignment; copies take any offset).
/// VK_ERROR_FEATURE_NOT_PRESENT when the device cannot import (no extension, no suitable
/// memory type): the caller then copies through staging. The memory must outlive the buffer.
VkResult vfx_vk_buffer_import(vfx_vk_context *context, void *pointer, uint64_t size, vfx_vk_buffer *buffer,
                              uint64_t *offset);
/// minImportedHostPointerAlignment, or 0 when the context cannot import host memory.
uint64_t vfx_vk_import_alignment(vfx_vk_context *context);

/// A compute pipeline from SPIR-V (entry point "main", local size from the shader), with
/// `constant_count` 32-bit specialization constants (constant_id 0, 1, ...).
VkResult vfx_vk_pipeline_create(vfx_vk_context *context, const uint32_t *code, size_t words,
                                const uint32_t *constants, uint32_t constant_count, VkPipeline *pipeline);
void vfx_vk_pipeline_destroy(vfx_vk_context *context, VkPipeline pipeline);

/// Recording: begin, then copies and dispatches (each followed by a barrier), then
/// submit (waits for the device). One recording at a time per context, into the current
/// frame (0 unless vfx_vk_use_frame picked another).
VkResult vfx_vk_begin(vfx_vk_context *context);
void vfx_vk_copy(vfx_vk_context *context, VkBuffer source, uint64_t source_offset, VkBuffer destination,
                 uint64_t destination_offset, uint64_t size);
/// Runs `pipeline` over `pixel_count` pixels (workgroups of `local_size`), split into
/// several dispatches when the count exceeds the device's workgroup limit.
VkResult vfx_vk_dispatch(vfx_vk_context *context, VkPipeline pipeline, uint32_t local_size,
                         VkBuffer pixels, uint64_t pixels_offset, uint64_t pixels_size,
                         VkBuffer parameters, uint64_t parameters_offset, uint64_t parameters_size,
                         VkBuffer table, uint64_t table_offset, uint64_t table_size, uint64_t pixel_count);
VkResult vfx_vk_submit(vfx_vk_context *context);
/// Double buffering: vfx_vk_use_frame waits for frame `index`'s last submit and makes it
/// the one recorded; vfx_vk_submit_async submits the current frame without waiting;
/// vfx_vk_wait_frame waits for a frame (nothing when none is pending) and keeps its timings.
VkResult vfx_vk_use_frame(vfx_vk_context *context, int index);
VkResult vfx_vk_submit_async(vfx_vk_context *context);
VkResult vfx_vk_wait_frame(vfx_vk_context *context, int index);
/// What `vfx_vk_provoke_validation_message` does wrong.
enum {
    VFX_VK_PROVOKE_USAGE = 0,   /* creates a buffer with no usage flags (destroyed at once) */
    VFX_VK_PROVOKE_HAZARD = 1,  /* records two copies into one buffer with no barrier (not submitted) */
};
/// Makes one deliberate mistake so tests can check that the validation messenger
/// reports it. Returns the VkResult of the Vulkan calls it needed.
VkResult vfx_vk_provoke_validation_message(vfx_vk_context *context, int kind);
/// The pipeline cache's data (vkGetPipelineCacheData): with `data` NULL, `*size` gets
/// the size; else up to `*size` bytes are written and `*size` set to the count.
VkResult vfx_vk_pipeline_cache_data(vfx_vk_context *context, void *data, size_t *size);

/// Timing: while on (and the device has timestamps), every copy and dispatch recorded
/// is bracketed by two timestamps; after each submit the durations are kept (up to
/// VFX_VK_MAX_TIMINGS per submit) for vfx_vk_take_timings. Returns 0, or -1 when the
/// device cannot time its compute queue.
#define VFX_VK_MAX_TIMINGS 256
int vfx_vk_set_timing(vfx_vk_context *context, int on);
/// The durations (seconds) and kinds (0 copy, 1 dispatch) recorded since the last
/// call, oldest first; returns how many were written (at most `capacity`).
int vfx_vk_take_timings(vfx_vk_context *context, double *seconds, int *kinds, int capacity);

/// minStorageBufferOffsetAlignment of the context's device.
uint64_t vfx_vk_storage_alignment(vfx_vk_context *context);

#ifdef __cplusplus
}
#endif
#endif
