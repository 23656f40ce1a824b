// Linked into the libraries vfxrun opens with dlopen (libvfxrun-*.so): they hold no Swift
// code, yet swiftc links Swift's image registration (swiftrt.o) into every product, which
// would make them load the toolchain's shared libswiftCore.so beside the static runtime in
// vfxrun. The linker flags of this target point swiftrt.o's two references at the no-op
// below and drop the libraries nothing uses (--as-needed), so a libvfxrun-*.so needs only
// the C/C++ libraries it wraps.
#ifndef VFX_STANDALONE_H
#define VFX_STANDALONE_H

void vfx_standalone_no_swift_image(void);

#endif
