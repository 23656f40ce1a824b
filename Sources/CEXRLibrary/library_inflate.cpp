// zlib's `uncompress` inside OpenEXR 3.1's C++ library, done by libdeflate.
//
// The library's own codecs (DWAA/DWAB, RLE-in-DWA, the C++ API's ZIP and PXR24) inflate
// with zlib's one-shot `uncompress`; DWAA tiles deflate all their AC coefficients, so
// reading an OpenEXR-written DWAA tiled file spends over half its time in zlib (perf on a
// 4K half frame in 64x64 tiles: 55%). libdeflate inflates the same streams into the same
// bytes about twice as fast. Only OpenEXR's calls change: its relocation slots for
// `uncompress` (its GOT, made read-only after loading by RELRO and BIND_NOW) are pointed
// at `inflateWithLibdeflate` when this library loads. Every other user of zlib in the
// process (Python's zlib module, libpng, a user's extension modules) keeps zlib; another
// user of this same OpenEXR library (OpenImageIO imported beside vfxpy) gets the same
// bytes from it, faster.
// Compression is left to zlib: libdeflate's streams are valid but not the same bytes, and
// the library's writes would then differ from OpenEXR's own.
#include <CEXR.h>

#include <elf.h>
#include <libdeflate.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace {

// zlib's return codes (zlib.h: Z_OK, Z_DATA_ERROR, Z_MEM_ERROR, Z_BUF_ERROR)
constexpr int zOK = 0, zDataError = -3, zMemoryError = -4, zBufferError = -5;

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor *decompressor) const { libdeflate_free_decompressor(decompressor); }
};

/// zlib's `uncompress(dest, destLen, source, sourceLen)`: one whole zlib stream into at most
/// `*destLen` bytes, `*destLen` set to the bytes written. Same results as zlib: Z_OK, or
/// Z_BUF_ERROR when the output does not fit, Z_DATA_ERROR when the stream is corrupt or cut.
int inflateWithLibdeflate(unsigned char *dest, unsigned long *destLen, const unsigned char *source,
                          unsigned long sourceLen) {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor;
    if (!decompressor) decompressor.reset(libdeflate_alloc_decompressor());
    if (!decompressor) return zMemoryError;
    size_t written = 0;
    switch (libdeflate_zlib_decompress(decompressor.get(), source, sourceLen, dest, *destLen, &written)) {
    case LIBDEFLATE_SUCCESS: *destLen = written; return zOK;
    case LIBDEFLATE_INSUFFICIENT_SPACE: return zBufferError;
    default: return zDataError;
    }
}

/// Where OpenEXR's library keeps the address it calls for `uncompress`: one slot per
/// relocation naming it, and the addresses they held before (zlib's).
struct Slots {
    std::vector<void **> addresses;
    std::vector<void *> original;
    // PT_GNU_RELRO's whole pages, which the loader made read-only (its last partial page
    // stays writable, as glibc rounds both ends down)
    uintptr_t readOnlyStart = 0, readOnlyEnd = 0;
};

uintptr_t pageSize() { return static_cast<uintptr_t>(sysconf(_SC_PAGESIZE)); }

bool isSlotRelocation(uint32_t type) {
#if defined(__x86_64__)
    return type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT;
#elif defined(__aarch64__)
    return type == R_AARCH64_JUMP_SLOT || type == R_AARCH64_GLOB_DAT;
#else
    (void)type;
    return false;
#endif
}

/// The slots of `info`'s object whose relocations (DT_RELA, DT_JMPREL) name `uncompress`.
void findSlots(const dl_phdr_info *info, Slots &slots) {
    const ElfW(Dyn) *dynamic = nullptr;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) &header = info->dlpi_phdr[i];
        if (header.p_type == PT_DYNAMIC) dynamic = reinterpret_cast<const ElfW(Dyn) *>(info->dlpi_addr + header.p_vaddr);
        if (header.p_type == PT_GNU_RELRO) {
            slots.readOnlyStart = (info->dlpi_addr + header.p_vaddr) & ~(pageSize() - 1);
            slots.readOnlyEnd = (info->dlpi_addr + header.p_vaddr + header.p_memsz) & ~(pageSize() - 1);
        }
    }
    if (!dynamic) return;
    // glibc stores these addresses relocated; loaders that leave them as offsets get the base added
    auto address = [&](ElfW(Addr) value) { return value < info->dlpi_addr ? value + info->dlpi_addr : value; };
    const ElfW(Sym) *symbols = nullptr;
    const char *names = nullptr;
    const ElfW(Rela) *tables[2] = {nullptr, nullptr};
    size_t sizes[2] = {0, 0};
    bool pltIsRela = true;
    for (const ElfW(Dyn) *entry = dynamic; entry->d_tag != DT_NULL; entry++) {
        switch (entry->d_tag) {
        case DT_SYMTAB: symbols = reinterpret_cast<const ElfW(Sym) *>(address(entry->d_un.d_ptr)); break;
        case DT_STRTAB: names = reinterpret_cast<const char *>(address(entry->d_un.d_ptr)); break;
        case DT_RELA: tables[0] = reinterpret_cast<const ElfW(Rela) *>(address(entry->d_un.d_ptr)); break;
        case DT_RELASZ: sizes[0] = entry->d_un.d_val; break;
        case DT_JMPREL: tables[1] = reinterpret_cast<const ElfW(Rela) *>(address(entry->d_un.d_ptr)); break;
        case DT_PLTRELSZ: sizes[1] = entry->d_un.d_val; break;
        case DT_PLTREL: pltIsRela = entry->d_un.d_val == DT_RELA; break;
        default: break;
        }
    }
    if (!symbols || !names || !pltIsRela) return;
    for (int t = 0; t < 2; t++) {
        if (!tables[t]) continue;
        for (size_t i = 0; i < sizes[t] / sizeof(ElfW(Rela)); i++) {
            const ElfW(Rela) &relocation = tables[t][i];
            if (!isSlotRelocation(ELF64_R_TYPE(relocation.r_info))) continue;
            const ElfW(Sym) &symbol = symbols[ELF64_R_SYM(relocation.r_info)];
            if (std::strcmp(names + symbol.st_name, "uncompress") != 0) continue;
            void **slot = reinterpret_cast<void **>(info->dlpi_addr + relocation.r_offset);
            slots.addresses.push_back(slot);
            slots.original.push_back(*slot);
        }
    }
}

int visitObject(dl_phdr_info *info, size_t, void *data) {
    if (!info->dlpi_name || !std::strstr(info->dlpi_name, "/libOpenEXR-3_1.so")) return 0;
    findSlots(info, *static_cast<Slots *>(data));
    return 1;
}

/// Stores `targets[i]` in slot i, lifting RELRO's read-only protection around the write
/// (of the slot's one page: a relocation slot is pointer-aligned, so never spans two).
bool store(const Slots &slots, const std::vector<void *> &targets) {
    const uintptr_t page = pageSize();
    for (size_t i = 0; i < slots.addresses.size(); i++) {
        const uintptr_t at = reinterpret_cast<uintptr_t>(slots.addresses[i]);
        const bool readOnly = at >= slots.readOnlyStart && at < slots.readOnlyEnd;
        void *first = reinterpret_cast<void *>(at & ~(page - 1));
        if (readOnly && mprotect(first, page, PROT_READ | PROT_WRITE) != 0) return false;
        __atomic_store_n(slots.addresses[i], targets[i], __ATOMIC_RELEASE);
        if (readOnly) mprotect(first, page, PROT_READ);
    }
    return true;
}

std::mutex slotsLock;

Slots &librarySlots() {
    static Slots slots = [] {
        Slots found;
        dl_iterate_phdr(visitObject, &found);
        return found;
    }();
    return slots;
}

int32_t setLibraryInflate(bool libdeflate) {
    std::lock_guard<std::mutex> guard(slotsLock);
    Slots &slots = librarySlots();
    std::vector<void *> targets = slots.original;
    if (libdeflate) std::fill(targets.begin(), targets.end(), reinterpret_cast<void *>(&inflateWithLibdeflate));
    if (slots.addresses.empty() || !store(slots, targets)) return -1;
    return static_cast<int32_t>(slots.addresses.size());
}

// On by default: as soon as this library (and so OpenEXR) is loaded, before any decode.
// (Not through cexr_set_library_inflate: a program that exports the loader's function of
// that name, as vfxfuzz does, would take the call, and its loader is still loading us.)
__attribute__((constructor)) void inflateOpenEXRWithLibdeflate() { setLibraryInflate(true); }

}  // namespace

extern "C" int32_t cexr_set_library_inflate(int32_t libdeflate) { return setLibraryInflate(libdeflate != 0); }
