#include "CVulkan.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Entry points, loaded from libvulkan.so.1 through vkGetInstanceProcAddr. */
#define VFX_VK_GLOBAL_FUNCTIONS(X) \
    X(vkCreateInstance) X(vkEnumerateInstanceLayerProperties) X(vkEnumerateInstanceExtensionProperties)
#define VFX_VK_INSTANCE_FUNCTIONS(X) \
    X(vkDestroyInstance) X(vkEnumeratePhysicalDevices) X(vkGetPhysicalDeviceProperties) \
    X(vkGetPhysicalDeviceMemoryProperties) X(vkGetPhysicalDeviceQueueFamilyProperties) \
    X(vkGetPhysicalDeviceFeatures) X(vkCreateDevice) X(vkDestroyDevice) X(vkGetDeviceQueue) \
    X(vkCreateBuffer) X(vkDestroyBuffer) X(vkGetBufferMemoryRequirements) X(vkAllocateMemory) \
    X(vkFreeMemory) X(vkBindBufferMemory) X(vkEnumerateDeviceExtensionProperties) \
    X(vkCreatePipelineCache) X(vkDestroyPipelineCache) X(vkGetPipelineCacheData) X(vkCreateQueryPool) \
    X(vkDestroyQueryPool) X(vkCmdResetQueryPool) X(vkCmdWriteTimestamp) X(vkGetQueryPoolResults) X(vkMapMemory) X(vkCreateShaderModule) X(vkDestroyShaderModule) \
    X(vkCreateDescriptorSetLayout) X(vkDestroyDescriptorSetLayout) X(vkCreatePipelineLayout) \
    X(vkDestroyPipelineLayout) X(vkCreateComputePipelines) X(vkDestroyPipeline) X(vkCreateDescriptorPool) \
    X(vkDestroyDescriptorPool) X(vkResetDescriptorPool) X(vkAllocateDescriptorSets) X(vkUpdateDescriptorSets) \
    X(vkCreateCommandPool) X(vkDestroyCommandPool) X(vkAllocateCommandBuffers) X(vkFreeCommandBuffers) X(vkResetCommandBuffer) \
    X(vkBeginCommandBuffer) X(vkEndCommandBuffer) X(vkCmdBindPipeline) X(vkCmdBindDescriptorSets) \
    X(vkCmdPushConstants) X(vkCmdDispatch) X(vkCmdPipelineBarrier) X(vkCmdCopyBuffer) X(vkQueueSubmit) \
    X(vkCreateFence) X(vkDestroyFence) X(vkWaitForFences) X(vkResetFences) X(vkDeviceWaitIdle) X(vkGetDeviceProcAddr)

#define DECLARE(name) static PFN_##name name;
VFX_VK_GLOBAL_FUNCTIONS(DECLARE)
VFX_VK_INSTANCE_FUNCTIONS(DECLARE)
#undef DECLARE
static PFN_vkGetInstanceProcAddr get_instance_proc;
static PFN_vkCreateDebugUtilsMessengerEXT create_messenger;
/* Vulkan 1.1 (optional: a 1.0 loader lacks it, and then no device gets float controls) */
static PFN_vkGetPhysicalDeviceProperties2 get_properties2;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status = -1;
static char init_message[512];
static int init_validation;
static VkInstance instance;
static VkDebugUtilsMessengerEXT messenger;
static VkPhysicalDevice *physical_devices;
static uint32_t physical_count;
static int validation_on;

static pthread_mutex_t message_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t message_count;
static char first_message[2048];

static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                 VkDebugUtilsMessageTypeFlagsEXT types,
                                                 const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
    (void)types; (void)user;
    if (severity < VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) return VK_FALSE;
    pthread_mutex_lock(&message_lock);
    if (message_count == 0 && data && data->pMessage)
        snprintf(first_message, sizeof first_message, "%s", data->pMessage);
    message_count++;
    pthread_mutex_unlock(&message_lock);
    return VK_FALSE;
}

static int has_layer(const char *name) {
    uint32_t count = 0;
    if (vkEnumerateInstanceLayerProperties(&count, NULL) != VK_SUCCESS || count == 0) return 0;
    VkLayerProperties *layers = calloc(count, sizeof *layers);
    if (!layers) return 0;
    int found = 0;
    if (vkEnumerateInstanceLayerProperties(&count, layers) == VK_SUCCESS)
        for (uint32_t i = 0; i < count; i++) found |= strcmp(layers[i].layerName, name) == 0;
    free(layers);
    return found;
}

static void initialize_once(void) {
    void *library = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(init_message, sizeof init_message, "the Vulkan loader (libvulkan.so.1) is not installed");
        return;
    }
    get_instance_proc = (PFN_vkGetInstanceProcAddr)dlsym(library, "vkGetInstanceProcAddr");
    if (!get_instance_proc) {
        snprintf(init_message, sizeof init_message, "libvulkan.so.1 has no vkGetInstanceProcAddr");
        return;
    }
#define LOAD_GLOBAL(name) name = (PFN_##name)get_instance_proc(NULL, #name);
    VFX_VK_GLOBAL_FUNCTIONS(LOAD_GLOBAL)
#undef LOAD_GLOBAL
    if (!vkCreateInstance || !vkEnumerateInstanceLayerProperties) {
        snprintf(init_message, sizeof init_message, "the Vulkan loader lacks vkCreateInstance");
        return;
    }
    const char *layer = "VK_LAYER_KHRONOS_validation";
    const char *extension = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
    validation_on = init_validation && has_layer(layer);
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "vfxrun",
        .pEngineName = "vfxpy", .apiVersion = VK_API_VERSION_1_1,
    };
    VkDebugUtilsMessengerCreateInfoEXT messenger_info = {
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT
                       | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .pfnUserCallback = on_message,
    };
    /* Synchronization validation always: lavapipe runs each command to completion in
       order, so a missing barrier shows only there (or as wrong pixels on a real GPU). */
    VkValidationFeatureEnableEXT enables[] = {
        VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT, VK_VALIDATION_FEATURE_ENABLE_GPU_ASSISTED_EXT,
    };
    VkValidationFeaturesEXT features = {
        .sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT, .pNext = &messenger_info,
        .enabledValidationFeatureCount = init_validation == VFX_VK_VALIDATION_GPU_ASSISTED ? 2 : 1,
        .pEnabledValidationFeatures = enables,
    };
    VkInstanceCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app,
        .pNext = validation_on ? (const void *)&features : NULL,
        .enabledLayerCount = validation_on ? 1 : 0, .ppEnabledLayerNames = &layer,
        .enabledExtensionCount = validation_on ? 1 : 0, .ppEnabledExtensionNames = &extension,
    };
    VkResult result = vkCreateInstance(&info, NULL, &instance);
    if (result != VK_SUCCESS) {
        snprintf(init_message, sizeof init_message,
                 result == VK_ERROR_INCOMPATIBLE_DRIVER ? "no Vulkan driver (ICD) is installed"
                                                        : "vkCreateInstance failed (VkResult %d)", (int)result);
        instance = VK_NULL_HANDLE;
        return;
    }
#define LOAD_INSTANCE(name) name = (PFN_##name)get_instance_proc(instance, #name); \
    if (!name) { snprintf(init_message, sizeof init_message, "Vulkan entry point %s is missing", #name); return; }
    VFX_VK_INSTANCE_FUNCTIONS(LOAD_INSTANCE)
#undef LOAD_INSTANCE
    get_properties2 = (PFN_vkGetPhysicalDeviceProperties2)get_instance_proc(instance, "vkGetPhysicalDeviceProperties2");
    if (validation_on) {
        create_messenger = (PFN_vkCreateDebugUtilsMessengerEXT)get_instance_proc(instance, "vkCreateDebugUtilsMessengerEXT");
        if (create_messenger) create_messenger(instance, &messenger_info, NULL, &messenger);
    }
    uint32_t count = 0;
    result = vkEnumeratePhysicalDevices(instance, &count, NULL);
    if (result != VK_SUCCESS && result != VK_INCOMPLETE) count = 0;
    if (count > 0) {
        physical_devices = calloc(count, sizeof *physical_devices);
        if (physical_devices && vkEnumeratePhysicalDevices(instance, &count, physical_devices) >= 0)
            physical_count = count;
    }
    init_status = 0;
}

int vfx_vk_initialize(int validation, char *message, size_t length) {
    init_validation = validation;
    pthread_once(&once, initialize_once);
    if (init_status != 0 && message && length) snprintf(message, length, "%s", init_message);
    return init_status;
}

int vfx_vk_device_count(void) { return init_status == 0 ? (int)physical_count : 0; }
int vfx_vk_validation_enabled(void) { return validation_on ? init_validation : VFX_VK_VALIDATION_OFF; }

uint64_t vfx_vk_validation_message_count(void) {
    pthread_mutex_lock(&message_lock);
    uint64_t count = message_count;
    pthread_mutex_unlock(&message_lock);
    return count;
}

void vfx_vk_validation_first_message(char *out, size_t length) {
    pthread_mutex_lock(&message_lock);
    snprintf(out, length, "%s", first_message);
    pthread_mutex_unlock(&message_lock);
}

static int compute_family(VkPhysicalDevice device) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, NULL);
    VkQueueFamilyProperties families[32];
    if (count > 32) count = 32;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families);
    for (uint32_t i = 0; i < count; i++)
        if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) return (int)i;
    return -1;
}

static int has_device_extension(VkPhysicalDevice device, const char *name) {
    uint32_t count = 0;
    if (vkEnumerateDeviceExtensionProperties(device, NULL, &count, NULL) != VK_SUCCESS || count == 0) return 0;
    VkExtensionProperties *extensions = calloc(count, sizeof *extensions);
    if (!extensions) return 0;
    int found = 0;
    if (vkEnumerateDeviceExtensionProperties(device, NULL, &count, extensions) == VK_SUCCESS)
        for (uint32_t i = 0; i < count; i++) found |= strcmp(extensions[i].extensionName, name) == 0;
    free(extensions);
    return found;
}

/* VK_KHR_shader_float_controls' properties: which widths keep denormals and which keep
   signed zeros, infinities and NaN, and whether widths can differ in denormal mode. */
static void float_controls(VkPhysicalDevice device, vfx_vk_device_info *info) {
    if (!get_properties2 || !has_device_extension(device, VK_KHR_SHADER_FLOAT_CONTROLS_EXTENSION_NAME)) return;
    VkPhysicalDeviceFloatControlsPropertiesKHR controls = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FLOAT_CONTROLS_PROPERTIES_KHR,
    };
    VkPhysicalDeviceProperties2 properties = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &controls };
    get_properties2(device, &properties);
    info->denorm_preserve = (controls.shaderDenormPreserveFloat16 ? 1u : 0u) | (controls.shaderDenormPreserveFloat32 ? 2u : 0u)
                            | (controls.shaderDenormPreserveFloat64 ? 4u : 0u);
    info->signed_zero_inf_nan_preserve = (controls.shaderSignedZeroInfNanPreserveFloat16 ? 1u : 0u)
                                         | (controls.shaderSignedZeroInfNanPreserveFloat32 ? 2u : 0u)
                                         | (controls.shaderSignedZeroInfNanPreserveFloat64 ? 4u : 0u);
    info->denorm_independence = (uint32_t)controls.denormBehaviorIndependence;
}

int vfx_vk_device_info_at(int index, vfx_vk_device_info *info) {
    if (index < 0 || (uint32_t)index >= vfx_vk_device_count()) return -1;
    VkPhysicalDevice device = physical_devices[index];
    VkPhysicalDeviceProperties properties;
    vkGetPhysicalDeviceProperties(device, &properties);
    VkPhysicalDeviceMemoryProperties memory;
    vkGetPhysicalDeviceMemoryProperties(device, &memory);
    VkPhysicalDeviceFeatures features;
    vkGetPhysicalDeviceFeatures(device, &features);
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "%s", properties.deviceName);
    info->type = (uint32_t)properties.deviceType;
    info->api_version = properties.apiVersion;
    info->driver_version = properties.driverVersion;
    info->vendor_id = properties.vendorID;
    info->device_id = properties.deviceID;
    for (uint32_t i = 0; i < memory.memoryHeapCount; i++)
        if ((memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) && memory.memoryHeaps[i].size > info->device_local_bytes)
            info->device_local_bytes = memory.memoryHeaps[i].size;
    info->memory_type_count = memory.memoryTypeCount;
    for (uint32_t i = 0; i < memory.memoryTypeCount && i < VK_MAX_MEMORY_TYPES; i++) {
        info->memory_type_flags[i] = memory.memoryTypes[i].propertyFlags;
        info->memory_type_heap_bytes[i] = memory.memoryHeaps[memory.memoryTypes[i].heapIndex].size;
    }
    info->max_storage_buffer_range = properties.limits.maxStorageBufferRange;
    info->max_allocation_bytes = info->device_local_bytes;
    info->max_workgroup_count_x = properties.limits.maxComputeWorkGroupCount[0];
    info->has_compute_queue = compute_family(device) >= 0;
    info->float64 = features.shaderFloat64 == VK_TRUE;
    float_controls(device, info);
    memcpy(info->pipeline_cache_uuid, properties.pipelineCacheUUID, VK_UUID_SIZE);
    info->timestamp_period = properties.limits.timestampPeriod;
    int family = compute_family(device);
    if (family >= 0) {
        uint32_t count = 0;
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, NULL);
        VkQueueFamilyProperties families[32];
        if (count > 32) count = 32;
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families);
        info->timestamps = (uint32_t)family < count && families[family].timestampValidBits > 0
                           && properties.limits.timestampPeriod > 0;
    }
    info->external_memory_host = has_device_extension(device, VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
    return 0;
}

/* ---- device contexts ---- */

enum { MAX_SETS = 512 };

/* One recording slot: tiled runs alternate two (double buffering), everything else
   uses frame 0 and waits at once. */
typedef struct vfx_vk_frame {
    VkCommandBuffer commands;
    VkFence fence;
    VkDescriptorPool descriptors;
    uint32_t sets_used;
    uint32_t timed;                          /* commands timed in this recording */
    int timed_kinds[VFX_VK_MAX_TIMINGS];
    int pending;                             /* submitted, not yet waited for */
} vfx_vk_frame;

struct vfx_vk_context {
    VkPhysicalDevice physical;
    VkPhysicalDeviceMemoryProperties memory;
    VkPhysicalDeviceLimits limits;
    VkDevice device;
    VkQueue queue;
    VkCommandPool pool;
    vfx_vk_frame frames[VFX_VK_FRAMES];
    vfx_vk_frame *frame;                     /* the frame being recorded */
    /* the current frame's handles, for the recording functions */
    VkCommandBuffer commands;
    VkDescriptorSetLayout set_layout;
    VkPipelineLayout layout;
    VkPipelineCache cache;
    /* VK_EXT_external_memory_host (0 alignment: not enabled) */
    uint64_t import_alignment;
    PFN_vkGetMemoryHostPointerPropertiesEXT host_pointer_properties;
    /* timing (vfx_vk_set_timing) */
    VkQueryPool queries;
    int timing;
    double period_ns;
    double results[VFX_VK_MAX_TIMINGS];      /* durations of submitted recordings */
    int result_kinds[VFX_VK_MAX_TIMINGS];
    uint32_t result_count;
};

/* A cache header (VkPipelineCacheHeaderVersionOne) written for this device; anything
   else starts an empty cache rather than reaching the driver. */
static int cache_fits(const void *data, size_t size, const VkPhysicalDeviceProperties *properties) {
    if (!data || size < 32) return 0;
    const uint8_t *bytes = data;
    uint32_t words[4];
    memcpy(words, bytes, sizeof words);
    return words[0] >= 32 && words[0] <= size && words[1] == VK_PIPELINE_CACHE_HEADER_VERSION_ONE
           && words[2] == properties->vendorID && words[3] == properties->deviceID
           && memcmp(bytes + 16, properties->pipelineCacheUUID, VK_UUID_SIZE) == 0;
}

vfx_vk_context *vfx_vk_context_create(int index, int float64, int float_controls, const void *cache,
                                      size_t cache_size, VkResult *result) {
    *result = VK_ERROR_INITIALIZATION_FAILED;
    if (index < 0 || (uint32_t)index >= vfx_vk_device_count()) return NULL;
    vfx_vk_context *c = calloc(1, sizeof *c);
    if (!c) { *result = VK_ERROR_OUT_OF_HOST_MEMORY; return NULL; }
    c->physical = physical_devices[index];
    vkGetPhysicalDeviceMemoryProperties(c->physical, &c->memory);
    VkPhysicalDeviceProperties properties;
    vkGetPhysicalDeviceProperties(c->physical, &properties);
    c->limits = properties.limits;
    c->period_ns = properties.limits.timestampPeriod;
    int family = compute_family(c->physical);
    if (family < 0) { free(c); return NULL; }
    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue_info = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, .queueFamilyIndex = (uint32_t)family,
        .queueCount = 1, .pQueuePriorities = &priority,
    };
    VkPhysicalDeviceFeatures features = { .shaderFloat64 = float64 ? VK_TRUE : VK_FALSE };
    VkDeviceCreateInfo device_info = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &queue_info, .pEnabledFeatures = &features,
    };
    const char *extensions[2];
    uint32_t extension_count = 0;
    if (float_controls) extensions[extension_count++] = VK_KHR_SHADER_FLOAT_CONTROLS_EXTENSION_NAME;
    /* importing host memory (numpy arrays) needs the extension and its alignment */
    uint64_t import_alignment = 0;
    if (get_properties2 && has_device_extension(c->physical, VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME)) {
        VkPhysicalDeviceExternalMemoryHostPropertiesEXT host = {
            .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_EXTERNAL_MEMORY_HOST_PROPERTIES_EXT,
        };
        VkPhysicalDeviceProperties2 properties2 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &host };
        get_properties2(c->physical, &properties2);
        import_alignment = host.minImportedHostPointerAlignment;
        if (import_alignment > 0) extensions[extension_count++] = VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME;
    }
    device_info.enabledExtensionCount = extension_count;
    device_info.ppEnabledExtensionNames = extensions;
    if ((*result = vkCreateDevice(c->physical, &device_info, NULL, &c->device)) != VK_SUCCESS) { free(c); return NULL; }
    if (import_alignment > 0) {
        c->host_pointer_properties = (PFN_vkGetMemoryHostPointerPropertiesEXT)vkGetDeviceProcAddr(
            c->device, "vkGetMemoryHostPointerPropertiesEXT");
        if (c->host_pointer_properties) c->import_alignment = import_alignment;
    }
    vkGetDeviceQueue(c->device, (uint32_t)family, 0, &c->queue);
    VkCommandPoolCreateInfo pool_info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT, .queueFamilyIndex = (uint32_t)family,
    };
    VkCommandBufferAllocateInfo command_info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = VFX_VK_FRAMES,
    };
    VkFenceCreateInfo fence_info = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
    VkDescriptorPoolSize size = { .type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .descriptorCount = 3 * MAX_SETS };
    VkDescriptorPoolCreateInfo descriptor_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, .maxSets = MAX_SETS,
        .poolSizeCount = 1, .pPoolSizes = &size,
    };
    VkDescriptorSetLayoutBinding bindings[3];
    for (uint32_t i = 0; i < 3; i++)
        bindings[i] = (VkDescriptorSetLayoutBinding){
            .binding = i, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .descriptorCount = 1,
            .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        };
    VkDescriptorSetLayoutCreateInfo set_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO, .bindingCount = 3, .pBindings = bindings,
    };
    VkPushConstantRange push = { .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT, .offset = 0, .size = 8 };
    if ((*result = vkCreateCommandPool(c->device, &pool_info, NULL, &c->pool)) != VK_SUCCESS) goto fail;
    command_info.commandPool = c->pool;
    VkCommandBuffer buffers[VFX_VK_FRAMES];
    if ((*result = vkAllocateCommandBuffers(c->device, &command_info, buffers)) != VK_SUCCESS) goto fail;
    for (int f = 0; f < VFX_VK_FRAMES; f++) {
        vfx_vk_frame *frame = &c->frames[f];
        frame->commands = buffers[f];
        if ((*result = vkCreateFence(c->device, &fence_info, NULL, &frame->fence)) != VK_SUCCESS) goto fail;
        if ((*result = vkCreateDescriptorPool(c->device, &descriptor_info, NULL, &frame->descriptors)) != VK_SUCCESS)
            goto fail;
    }
    c->frame = &c->frames[0];
    c->commands = c->frame->commands;
    if ((*result = vkCreateDescriptorSetLayout(c->device, &set_info, NULL, &c->set_layout)) != VK_SUCCESS) goto fail;
    VkPipelineLayoutCreateInfo layout_info = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO, .setLayoutCount = 1, .pSetLayouts = &c->set_layout,
        .pushConstantRangeCount = 1, .pPushConstantRanges = &push,
    };
    if ((*result = vkCreatePipelineLayout(c->device, &layout_info, NULL, &c->layout)) != VK_SUCCESS) goto fail;
    int fits = cache_fits(cache, cache_size, &properties);
    VkPipelineCacheCreateInfo cache_info = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO,
        .initialDataSize = fits ? cache_size : 0, .pInitialData = fits ? cache : NULL,
    };
    if (vkCreatePipelineCache(c->device, &cache_info, NULL, &c->cache) != VK_SUCCESS) {
        /* a driver that rejects the data: an empty cache, else none */
        cache_info.initialDataSize = 0;
        cache_info.pInitialData = NULL;
        if (vkCreatePipelineCache(c->device, &cache_info, NULL, &c->cache) != VK_SUCCESS) c->cache = VK_NULL_HANDLE;
    }
    *result = VK_SUCCESS;
    return c;
fail:
    vfx_vk_context_destroy(c);
    return NULL;
}

void vfx_vk_context_destroy(vfx_vk_context *c) {
    if (!c) return;
    if (c->device) {
        vkDeviceWaitIdle(c->device);
        if (c->queries) vkDestroyQueryPool(c->device, c->queries, NULL);
        if (c->cache) vkDestroyPipelineCache(c->device, c->cache, NULL);
        if (c->layout) vkDestroyPipelineLayout(c->device, c->layout, NULL);
        if (c->set_layout) vkDestroyDescriptorSetLayout(c->device, c->set_layout, NULL);
        for (int f = 0; f < VFX_VK_FRAMES; f++) {
            if (c->frames[f].descriptors) vkDestroyDescriptorPool(c->device, c->frames[f].descriptors, NULL);
            if (c->frames[f].fence) vkDestroyFence(c->device, c->frames[f].fence, NULL);
        }
        if (c->pool) vkDestroyCommandPool(c->device, c->pool, NULL);
        vkDestroyDevice(c->device, NULL);
    }
    free(c);
}

uint64_t vfx_vk_storage_alignment(vfx_vk_context *c) { return c->limits.minStorageBufferOffsetAlignment; }

/* Records two copies into one buffer with no barrier between them (never submitted). */
static VkResult provoke_hazard(vfx_vk_context *c) {
    vfx_vk_buffer source, destination;
    VkResult result = vfx_vk_buffer_create(c, 256, VFX_VK_MEMORY_DEVICE, &source);
    if (result != VK_SUCCESS) return result;
    if ((result = vfx_vk_buffer_create(c, 256, VFX_VK_MEMORY_DEVICE, &destination)) != VK_SUCCESS) {
        vfx_vk_buffer_destroy(c, &source);
        return result;
    }
    VkCommandBufferAllocateInfo allocate = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, .commandPool = c->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY, .commandBufferCount = 1,
    };
    VkCommandBuffer commands;
    if ((result = vkAllocateCommandBuffers(c->device, &allocate, &commands)) == VK_SUCCESS) {
        VkCommandBufferBeginInfo begin = {
            .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
        };
        if ((result = vkBeginCommandBuffer(commands, &begin)) == VK_SUCCESS) {
            VkBufferCopy region = { .size = 256 };
            vkCmdCopyBuffer(commands, source.buffer, destination.buffer, 1, &region);
            vkCmdCopyBuffer(commands, source.buffer, destination.buffer, 1, &region);  /* write after write */
            result = vkEndCommandBuffer(commands);
        }
        vkFreeCommandBuffers(c->device, c->pool, 1, &commands);
    }
    vfx_vk_buffer_destroy(c, &destination);
    vfx_vk_buffer_destroy(c, &source);
    return result;
}

VkResult vfx_vk_provoke_validation_message(vfx_vk_context *c, int kind) {
    if (kind == VFX_VK_PROVOKE_HAZARD) return provoke_hazard(c);
    VkBufferCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = 256, .usage = 0,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkBuffer buffer = VK_NULL_HANDLE;
    if (vkCreateBuffer(c->device, &info, NULL, &buffer) == VK_SUCCESS && buffer) vkDestroyBuffer(c->device, buffer, NULL);
    return VK_SUCCESS;
}

/* The first of `memory`'s types among `bits` with every flag of `wanted` (the spec orders
   a type after those whose flags are a subset of its own, and AMD's device-coherent types
   after the rest, so the first fit is the plainest), or -1. */
static int memory_type(const VkPhysicalDeviceMemoryProperties *memory, uint32_t bits, VkMemoryPropertyFlags wanted) {
    for (uint32_t i = 0; i < memory->memoryTypeCount && i < VK_MAX_MEMORY_TYPES; i++)
        if ((bits & (1u << i)) && (memory->memoryTypes[i].propertyFlags & wanted) == wanted) return (int)i;
    return -1;
}

enum { MEMORY_CHOICES = 2 };

/* The flags a buffer for `purpose` (VFX_VK_MEMORY_*) wants, best first. */
static void memory_preferences(int purpose, VkMemoryPropertyFlags out[MEMORY_CHOICES]) {
    const VkMemoryPropertyFlags mapped = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    switch (purpose) {
    case VFX_VK_MEMORY_STAGING:
        out[0] = mapped | VK_MEMORY_PROPERTY_HOST_CACHED_BIT, out[1] = mapped;
        break;
    case VFX_VK_MEMORY_ARGUMENTS:
        out[0] = mapped | VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, out[1] = mapped;
        break;
    default:  /* device: any type at all where none is device-local */
        out[0] = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, out[1] = 0;
    }
}

int vfx_vk_choose_memory_type(const VkPhysicalDeviceMemoryProperties *memory, uint32_t bits, int purpose, int choice) {
    if (!memory || choice < 0 || choice >= MEMORY_CHOICES) return -1;
    VkMemoryPropertyFlags wanted[MEMORY_CHOICES];
    memory_preferences(purpose, wanted);
    return memory_type(memory, bits, wanted[choice]);
}

/// Allocates memory for `purpose` (vfx_vk_choose_memory_type's choices, in order) and
/// binds it to `buffer`. A choice no type fits falls to the next; so does one whose
/// allocation fails (a full heap) when `next_when_full`.
static VkResult allocate_bound(vfx_vk_context *c, VkBuffer buffer, int purpose, int next_when_full,
                               VkDeviceMemory *memory) {
    VkMemoryRequirements requirements;
    vkGetBufferMemoryRequirements(c->device, buffer, &requirements);
    VkResult result = VK_ERROR_OUT_OF_DEVICE_MEMORY;
    for (int choice = 0; choice < MEMORY_CHOICES; choice++) {
        int type = vfx_vk_choose_memory_type(&c->memory, requirements.memoryTypeBits, purpose, choice);
        if (type < 0) continue;
        VkMemoryAllocateInfo allocate = {
            .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = requirements.size,
            .memoryTypeIndex = (uint32_t)type,
        };
        if ((result = vkAllocateMemory(c->device, &allocate, NULL, memory)) != VK_SUCCESS) {
            *memory = VK_NULL_HANDLE;
            if (next_when_full) continue;
            return result;
        }
        if ((result = vkBindBufferMemory(c->device, buffer, *memory, 0)) != VK_SUCCESS) {
            vkFreeMemory(c->device, *memory, NULL);
            *memory = VK_NULL_HANDLE;
            return result;
        }
        return VK_SUCCESS;
    }
    return result;
}

VkResult vfx_vk_buffer_create(vfx_vk_context *c, uint64_t size, int memory, vfx_vk_buffer *b) {
    memset(b, 0, sizeof *b);
    VkBufferCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size ? size : 16,
        .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkResult result = vkCreateBuffer(c->device, &info, NULL, &b->buffer);
    if (result != VK_SUCCESS) return result;
    if ((result = allocate_bound(c, b->buffer, memory, memory != VFX_VK_MEMORY_DEVICE, &b->memory))
        != VK_SUCCESS) {
        vfx_vk_buffer_destroy(c, b);
        return result;
    }
    if (memory != VFX_VK_MEMORY_DEVICE && (result = vkMapMemory(c->device, b->memory, 0, VK_WHOLE_SIZE, 0, &b->mapped)) != VK_SUCCESS) {
        vfx_vk_buffer_destroy(c, b);
        return result;
    }
    b->size = info.size;
    return VK_SUCCESS;
}

void vfx_vk_buffer_destroy(vfx_vk_context *c, vfx_vk_buffer *b) {
    if (b->buffer) vkDestroyBuffer(c->device, b->buffer, NULL);
    if (b->memory) vkFreeMemory(c->device, b->memory, NULL);  /* unmaps too */
    memset(b, 0, sizeof *b);
}

VkResult vfx_vk_pipeline_create(vfx_vk_context *c, const uint32_t *code, size_t words,
                                const uint32_t *constants, uint32_t constant_count, VkPipeline *pipeline) {
    enum { MAX_CONSTANTS = 64 };
    if (constant_count > MAX_CONSTANTS) return VK_ERROR_INITIALIZATION_FAILED;
    VkSpecializationMapEntry entries[MAX_CONSTANTS];
    for (uint32_t i = 0; i < constant_count; i++)
        entries[i] = (VkSpecializationMapEntry){ .constantID = i, .offset = 4 * i, .size = 4 };
    VkSpecializationInfo specialization = {
        .mapEntryCount = constant_count, .pMapEntries = entries, .dataSize = 4 * constant_count, .pData = constants,
    };
    VkShaderModuleCreateInfo module_info = {
        .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO, .codeSize = words * 4, .pCode = code,
    };
    VkShaderModule module;
    VkResult result = vkCreateShaderModule(c->device, &module_info, NULL, &module);
    if (result != VK_SUCCESS) return result;
    VkComputePipelineCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage = { .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                   .module = module, .pName = "main",
                   .pSpecializationInfo = constant_count ? &specialization : NULL },
        .layout = c->layout,
    };
    result = vkCreateComputePipelines(c->device, c->cache, 1, &info, NULL, pipeline);
    vkDestroyShaderModule(c->device, module, NULL);
    return result;
}

VkResult vfx_vk_pipeline_cache_data(vfx_vk_context *c, void *data, size_t *size) {
    if (!c->cache) { *size = 0; return VK_SUCCESS; }
    return vkGetPipelineCacheData(c->device, c->cache, size, data);
}

int vfx_vk_set_timing(vfx_vk_context *c, int on) {
    if (!on) { c->timing = 0; return 0; }
    if (c->period_ns <= 0) return -1;
    if (!c->queries) {
        VkQueryPoolCreateInfo info = {
            .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO, .queryType = VK_QUERY_TYPE_TIMESTAMP,
            .queryCount = 2 * VFX_VK_MAX_TIMINGS * VFX_VK_FRAMES,
        };
        if (vkCreateQueryPool(c->device, &info, NULL, &c->queries) != VK_SUCCESS) { c->queries = VK_NULL_HANDLE; return -1; }
    }
    c->timing = 1;
    return 0;
}

int vfx_vk_take_timings(vfx_vk_context *c, double *seconds, int *kinds, int capacity) {
    int n = (int)c->result_count < capacity ? (int)c->result_count : capacity;
    for (int i = 0; i < n; i++) { seconds[i] = c->results[i]; kinds[i] = c->result_kinds[i]; }
    c->result_count = 0;
    return n;
}

/* Both timestamps at the bottom of the pipe: the first when every earlier command is
   done, the second when this one is. */
static uint32_t query_base(vfx_vk_context *c) { return (uint32_t)(c->frame - c->frames) * 2 * VFX_VK_MAX_TIMINGS; }

static int timestamp_before(vfx_vk_context *c) {
    if (!c->timing || !c->queries || c->frame->timed >= VFX_VK_MAX_TIMINGS) return -1;
    vkCmdWriteTimestamp(c->commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, c->queries, query_base(c) + 2 * c->frame->timed);
    return (int)c->frame->timed++;
}

static void timestamp_after(vfx_vk_context *c, int slot, int kind) {
    if (slot < 0) return;
    vkCmdWriteTimestamp(c->commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, c->queries, query_base(c) + 2 * (uint32_t)slot + 1);
    c->frame->timed_kinds[slot] = kind;
}

void vfx_vk_pipeline_destroy(vfx_vk_context *c, VkPipeline pipeline) { vkDestroyPipeline(c->device, pipeline, NULL); }

/* Between every two commands: all transfer and shader writes visible to all later
   transfer and shader accesses. Chains are short; a precise per-buffer barrier would
   buy nothing here. */
static void barrier(vfx_vk_context *c) {
    VkMemoryBarrier memory = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
        .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
        .dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT
                         | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT,
    };
    vkCmdPipelineBarrier(c->commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
                         0, 1, &memory, 0, NULL, 0, NULL);
}

VkResult vfx_vk_begin(vfx_vk_context *c) {
    VkResult result = vkResetDescriptorPool(c->device, c->frame->descriptors, 0);
    if (result != VK_SUCCESS) return result;
    c->frame->sets_used = 0;
    c->frame->timed = 0;
    if ((result = vkResetCommandBuffer(c->commands, 0)) != VK_SUCCESS) return result;
    VkCommandBufferBeginInfo info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    if ((result = vkBeginCommandBuffer(c->commands, &info)) != VK_SUCCESS) return result;
    if (c->timing && c->queries) vkCmdResetQueryPool(c->commands, c->queries, query_base(c), 2 * VFX_VK_MAX_TIMINGS);
    return VK_SUCCESS;
}

void vfx_vk_copy(vfx_vk_context *c, VkBuffer source, uint64_t source_offset, VkBuffer destination,
                 uint64_t destination_offset, uint64_t size) {
    VkBufferCopy region = { .srcOffset = source_offset, .dstOffset = destination_offset, .size = size };
    int slot = timestamp_before(c);
    vkCmdCopyBuffer(c->commands, source, destination, 1, &region);
    timestamp_after(c, slot, 0);
    barrier(c);
}

VkResult vfx_vk_dispatch(vfx_vk_context *c, VkPipeline pipeline, uint32_t local_size,
                         VkBuffer pixels, uint64_t pixels_offset, uint64_t pixels_size,
                         VkBuffer parameters, uint64_t parameters_offset, uint64_t parameters_size,
                         VkBuffer table, uint64_t table_offset, uint64_t table_size, uint64_t pixel_count) {
    if (c->frame->sets_used >= MAX_SETS) return VK_ERROR_OUT_OF_POOL_MEMORY;
    VkDescriptorSetAllocateInfo allocate = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO, .descriptorPool = c->frame->descriptors,
        .descriptorSetCount = 1, .pSetLayouts = &c->set_layout,
    };
    VkDescriptorSet set;
    VkResult result = vkAllocateDescriptorSets(c->device, &allocate, &set);
    if (result != VK_SUCCESS) return result;
    c->frame->sets_used++;
    VkDescriptorBufferInfo infos[3] = {
        { .buffer = pixels, .offset = pixels_offset, .range = pixels_size },
        { .buffer = parameters, .offset = parameters_offset, .range = parameters_size },
        { .buffer = table, .offset = table_offset, .range = table_size },
    };
    VkWriteDescriptorSet writes[3];
    for (uint32_t i = 0; i < 3; i++)
        writes[i] = (VkWriteDescriptorSet){
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = set, .dstBinding = i,
            .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &infos[i],
        };
    vkUpdateDescriptorSets(c->device, 3, writes, 0, NULL);
    vkCmdBindPipeline(c->commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    vkCmdBindDescriptorSets(c->commands, VK_PIPELINE_BIND_POINT_COMPUTE, c->layout, 0, 1, &set, 0, NULL);
    uint64_t max_groups = c->limits.maxComputeWorkGroupCount[0];
    uint64_t per_dispatch = max_groups * local_size;
    int slot = timestamp_before(c);
    for (uint64_t first = 0; first < pixel_count; first += per_dispatch) {
        uint64_t count = pixel_count - first < per_dispatch ? pixel_count - first : per_dispatch;
        uint32_t push[2] = { (uint32_t)first, (uint32_t)count };
        vkCmdPushConstants(c->commands, c->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, push);
        vkCmdDispatch(c->commands, (uint32_t)((count + local_size - 1) / local_size), 1, 1);
    }
    timestamp_after(c, slot, 1);
    barrier(c);
    return VK_SUCCESS;
}

VkResult vfx_vk_submit_async(vfx_vk_context *c) {
    VkResult result = vkEndCommandBuffer(c->commands);
    if (result != VK_SUCCESS) return result;
    VkSubmitInfo submit = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &c->commands,
    };
    if ((result = vkResetFences(c->device, 1, &c->frame->fence)) != VK_SUCCESS) return result;
    if ((result = vkQueueSubmit(c->queue, 1, &submit, c->frame->fence)) != VK_SUCCESS) return result;
    c->frame->pending = 1;
    return VK_SUCCESS;
}

VkResult vfx_vk_wait_frame(vfx_vk_context *c, int index) {
    if (index < 0 || index >= VFX_VK_FRAMES) return VK_ERROR_INITIALIZATION_FAILED;
    vfx_vk_frame *frame = &c->frames[index];
    if (!frame->pending) return VK_SUCCESS;
    VkResult result = vkWaitForFences(c->device, 1, &frame->fence, VK_TRUE, UINT64_MAX);
    if (result != VK_SUCCESS) return result;
    frame->pending = 0;
    if (frame->timed > 0) {
        uint64_t stamps[2 * VFX_VK_MAX_TIMINGS];
        result = vkGetQueryPoolResults(c->device, c->queries, (uint32_t)index * 2 * VFX_VK_MAX_TIMINGS, 2 * frame->timed,
                                       sizeof stamps, stamps, sizeof(uint64_t),
                                       VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
        if (result != VK_SUCCESS) return result;
        for (uint32_t i = 0; i < frame->timed; i++) {
            if (c->result_count == VFX_VK_MAX_TIMINGS) {  /* keep the newest */
                memmove(c->results, c->results + 1, sizeof c->results - sizeof c->results[0]);
                memmove(c->result_kinds, c->result_kinds + 1, sizeof c->result_kinds - sizeof c->result_kinds[0]);
                c->result_count--;
            }
            uint64_t ticks = stamps[2 * i + 1] >= stamps[2 * i] ? stamps[2 * i + 1] - stamps[2 * i] : 0;
            c->results[c->result_count] = (double)ticks * c->period_ns * 1e-9;
            c->result_kinds[c->result_count++] = frame->timed_kinds[i];
        }
        frame->timed = 0;
    }
    return VK_SUCCESS;
}

VkResult vfx_vk_use_frame(vfx_vk_context *c, int index) {
    if (index < 0 || index >= VFX_VK_FRAMES) return VK_ERROR_INITIALIZATION_FAILED;
    /* a frame is recorded again only after its last submit finished */
    VkResult result = vfx_vk_wait_frame(c, index);
    if (result != VK_SUCCESS) return result;
    c->frame = &c->frames[index];
    c->commands = c->frame->commands;
    return VK_SUCCESS;
}

VkResult vfx_vk_submit(vfx_vk_context *c) {
    VkResult result = vfx_vk_submit_async(c);
    if (result != VK_SUCCESS) return result;
    return vfx_vk_wait_frame(c, (int)(c->frame - c->frames));
}

uint64_t vfx_vk_import_alignment(vfx_vk_context *c) { return c->import_alignment; }

VkResult vfx_vk_buffer_import(vfx_vk_context *c, void *pointer, uint64_t size, vfx_vk_buffer *b, uint64_t *offset) {
    memset(b, 0, sizeof *b);
    *offset = 0;
    uint64_t alignment = c->import_alignment;
    if (!alignment || !pointer || !size) return VK_ERROR_FEATURE_NOT_PRESENT;
    uintptr_t address = (uintptr_t)pointer;
    uintptr_t start = address & ~(uintptr_t)(alignment - 1);
    uint64_t length = (address - start + size + alignment - 1) & ~(alignment - 1);
    VkMemoryHostPointerPropertiesEXT host = { .sType = VK_STRUCTURE_TYPE_MEMORY_HOST_POINTER_PROPERTIES_EXT };
    VkResult result = c->host_pointer_properties(c->device, VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT,
                                                 (void *)start, &host);
    if (result != VK_SUCCESS) return result;
    VkExternalMemoryBufferCreateInfo external = {
        .sType = VK_STRUCTURE_TYPE_EXTERNAL_MEMORY_BUFFER_CREATE_INFO,
        .handleTypes = VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT,
    };
    VkBufferCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .pNext = &external, .size = length,
        .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    if ((result = vkCreateBuffer(c->device, &info, NULL, &b->buffer)) != VK_SUCCESS) { b->buffer = VK_NULL_HANDLE; return result; }
    VkMemoryRequirements requirements;
    vkGetBufferMemoryRequirements(c->device, b->buffer, &requirements);
    uint32_t bits = requirements.memoryTypeBits & host.memoryTypeBits;
    int type = memory_type(&c->memory, bits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    if (type < 0 || requirements.size > length) {
        vfx_vk_buffer_destroy(c, b);
        return VK_ERROR_FEATURE_NOT_PRESENT;
    }
    VkImportMemoryHostPointerInfoEXT import = {
        .sType = VK_STRUCTURE_TYPE_IMPORT_MEMORY_HOST_POINTER_INFO_EXT,
        .handleType = VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT, .pHostPointer = (void *)start,
    };
    VkMemoryAllocateInfo allocate = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .pNext = &import, .allocationSize = length,
        .memoryTypeIndex = (uint32_t)type,
    };
    if ((result = vkAllocateMemory(c->device, &allocate, NULL, &b->memory)) != VK_SUCCESS) {
        b->memory = VK_NULL_HANDLE;
        vfx_vk_buffer_destroy(c, b);
        return result;
    }
    if ((result = vkBindBufferMemory(c->device, b->buffer, b->memory, 0)) != VK_SUCCESS) {
        vfx_vk_buffer_destroy(c, b);
        return result;
    }
    b->size = length;
    *offset = address - start;
    return VK_SUCCESS;
}
