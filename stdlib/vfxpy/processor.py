"""The Processor: color operations on images, in place, chainable.

    proc = vfxpy.Processor()                 # a real GPU when there is one, else the CPU
    proc.exposure(img, 1.5).saturation(img, 1.2).contrast(img, 1.1)

Backends: "cpu" (every core) and "vulkan" (a Vulkan compute device). ``Processor()``
picks a discrete GPU, else an integrated GPU, else the CPU backend; it never picks a
software device such as Mesa's lavapipe (slower than the CPU backend), which
``Processor(backend="vulkan")`` accepts. ``$VFXPY_DEVICE`` (a device index or part of
its name, see :func:`devices`; "cpu" for the CPU backend) overrides the choice. Both
backends give the same results (each shader repeats the CPU code's float operations;
measured equal on lavapipe).

On Vulkan an image stays on the device after an op: later ops start there, and the
pixels come back when the host needs them (``numpy()``/buffer views, ``write``, a CPU
op, any other function reading pixels); ``repr(img)`` says where it lives. Numpy views
alive during an op (and the array an ``Image(arr)`` wraps) get the result at once.
Consecutive GPU ops run fused in one dispatch. Ops without a shader (CLF
Log/Exponent nodes, inverse LUTs, hue-adjust and CSP prelut; transfer curves on
devices without float64) run on the CPU on the same float copy, so chains still agree
with the CPU backend. Images too large for one device buffer run in tiles; device
failures (lost device, out of device memory) raise vfxpy.VfxError.

Automatic choice per call: ``Processor()`` on auto (no ``backend``, no ``device``) with a
GPU weighs, per call, moving the pixels to the device and back (bytes at the link speed
measured once per process, plus packing them) and the device's work, against the CPU
backend's cost for these ops (each op's cost per pixel, measured on a sample, over every
core; or the memory traffic, whichever is larger). It runs the call where that is lower,
so auto is never slower than the CPU backend: an image already on the device stays there,
a numpy-wrapped image whose transfers would dominate runs on the CPU. An explicit
``backend="vulkan"`` (or "gpu"/"wgpu", or ``device=N``) always runs on the device, and
``proc.backend`` reports what was asked. ``$VFXPY_GPU_COST`` (e.g.
``"link=5.4e10,device=4e12"``) sets the model's numbers instead of measuring them.

Moving pixels once: a numpy-wrapped RGBA float32 image on a device with
VK_EXT_external_memory_host is imported (its pages, once per image), and the device
reads and writes the array in place: no staging copy either way; an RGBA float32 image in
vfxpy's memory is copied from and to its own imported pages. Other images go through a
staging buffer reused from call to call. Images over the device budget stream through
in bands of rows, double-buffered (the host loads one band while the device runs the
other).

Each call runs at once, in place, on every core with the GIL released. To run several
ops as ONE pass over the pixels (faster for big images: the memory is read and written
once), build a chain and run it::

    proc.chain(img).exposure(1).cdl(slope=(1.1, 1, 0.9)).contrast(1.2).run()

A chain gives exactly the result of the same ops run one by one. Integer images are
processed as normalized floats and stored back rounded and clamped; half images are
processed in float; alpha is untouched (a 4x4 ``apply_matrix`` is the one op defined on
alpha, as OpenColorIO's MatrixTransform).

Threads: calls that change one image in place (every Processor call and chain run,
``Image.fill``) take that image's lock, so threads grading one image take turns and
never mix their passes; different images run side by side, and reads (``write``, ops
that return a new image, copies) do not wait. Writes through numpy views bypass the
lock: a script that changes one image through numpy from several threads must
serialize those writes itself.
"""

from __future__ import annotations

import os
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Optional, Sequence, Union

    Number = Union[int, float]
    RGB = Union[Number, Sequence[Number]]

import _vfxpy

__all__ = ["Processor", "ProcessorChain", "devices"]


_BACKENDS = ("cpu", "vulkan")
# the plan's spellings of the GPU backend; proc.backend still says "vulkan"
_ALIASES = {"gpu": "vulkan", "wgpu": "vulkan"}
_AUTO_TYPES = ("discrete", "integrated")
_ANY_TYPES = ("discrete", "integrated", "virtual", "cpu", "other")
_devices_cache = None


def devices() -> list:
    """The Vulkan compute devices of this machine, in the loader's order: one dict per
    device with ``index`` (what ``$VFXPY_DEVICE`` takes), ``name``, ``type``
    ('discrete', 'integrated', 'virtual', 'cpu' for software devices such as lavapipe,
    or 'other'), ``api_version`` ('1.3.230'), ``driver_version``, ``vendor_id``,
    ``device_id``, ``memory_bytes`` (largest device-local heap),
    ``max_storage_buffer_range`` (largest image a shader addresses at once, in bytes of
    RGBA float32; larger images run in tiles), ``float64`` (shaderFloat64),
    ``float_controls`` (the float widths whose shaders keep denormals,
    ``denorm_preserve``, and signed zeros, infinities and NaN,
    ``signed_zero_inf_nan_preserve``, as on the CPU, and the device's
    ``denorm_independence`` rule: '32_bit_only', 'all' or 'none'), ``timestamps``
    (whether the bench can time the device), ``imports_host_memory``
    (VK_EXT_external_memory_host: numpy pixels used in place) and ``memory_types`` (the
    device's memory types in order, each a dict of ``flags``, such as
    ``['device_local', 'host_visible', 'host_coherent']``, and ``heap_bytes``: where
    read-back staging, shader tables and images can live).

    Empty when there is no Vulkan loader (libvulkan.so.1) or driver. The first call
    loads the loader; ``import vfxpy`` does not."""
    global _devices_cache
    if _devices_cache is None:
        _devices_cache = _vfxpy._gpu_devices()
    return [dict(device) for device in _devices_cache]


def _device_for(backend: str, device=None):
    """The device dict for backend 'vulkan' or None (auto), or None for the CPU backend.
    Explicit 'vulkan' without a usable device raises vfxpy.UnsupportedError. ``device``
    (an index into devices()) picks the device as $VFXPY_DEVICE does, and wins over it."""
    if device is not None:
        if isinstance(device, bool) or not isinstance(device, int):
            raise TypeError(f"device must be an int (an index into vfxpy.devices()) or None, not {type(device).__name__}")
        if backend == "cpu":
            raise ValueError("device= picks a Vulkan device; it cannot go with backend='cpu'")
        found = devices()
        match = next((d for d in found if d["index"] == device), None)
        if match is None:
            names = ", ".join(f"{d['index']}: {d['name']}" for d in found) or "none"
            reason = "" if found else f" ({_vfxpy._gpu_unavailable_reason() or 'no Vulkan device'})"
            raise _vfxpy.UnsupportedError(f"no Vulkan device {device} (devices: {names}){reason}")
        return match
    wanted = os.environ.get("VFXPY_DEVICE", "").strip()
    if backend == "cpu" or (backend == "auto" and wanted.lower() == "cpu"):
        return None
    found = devices()
    if wanted and wanted.lower() != "cpu":
        if wanted.isdigit():
            match = next((d for d in found if d["index"] == int(wanted)), None)
        else:
            match = next((d for d in found if wanted.lower() in d["name"].lower()), None)
        if match is not None or backend == "auto":
            return match
        names = ", ".join(f"{d['index']}: {d['name']}" for d in found) or "none"
        raise _vfxpy.UnsupportedError(f"VFXPY_DEVICE={wanted!r} matches no Vulkan device (devices: {names})")
    for kind in (_ANY_TYPES if backend == "vulkan" else _AUTO_TYPES):
        for device in found:
            if device["type"] == kind:
                return device
    if backend == "vulkan":
        reason = _vfxpy._gpu_unavailable_reason() or "no Vulkan device was found"
        raise _vfxpy.UnsupportedError(f"backend='vulkan' needs a Vulkan device: {reason}")
    return None


def _check_image(img):
    if not isinstance(img, _vfxpy.Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    return img


def _check_lut(lut):
    if not hasattr(lut, "_add_to"):
        raise TypeError(f"lut must be a vfxpy.lut Lut1D, Lut3D, Matrix, Prelut or LutChain, not {type(lut).__name__}")
    return lut


def _check_ocio(processor):
    from vfxpy.ocio import Processor as OCIOProcessor

    if not isinstance(processor, OCIOProcessor):
        raise TypeError(f"processor must be a vfxpy.ocio.Processor, not {type(processor).__name__}")
    return processor


def _as_clf(clf):
    from vfxpy._clf import CLF, read_clf

    if isinstance(clf, CLF):
        return clf
    if isinstance(clf, (str, os.PathLike)):
        return read_clf(clf)
    raise TypeError(f"clf must be a vfxpy.lut.CLF or a path, not {type(clf).__name__}")


class Processor:
    """Applies color operations to images in place; every method returns the processor.

    ``backend``: None (automatic: a discrete GPU, else an integrated GPU, else the CPU
    backend; never a software Vulkan device), "cpu", or "vulkan" (any Vulkan device,
    lavapipe included; raises vfxpy.UnsupportedError when there is none, e.g. no Vulkan
    loader or driver); "gpu" and "wgpu" are other names for "vulkan" (``backend`` then
    still reads "vulkan"). ``$VFXPY_DEVICE`` (device index or part of its name, see
    :func:`vfxpy.devices`; "cpu" makes the automatic choice the CPU) overrides.
    ``device``: the index of a Vulkan device in :func:`vfxpy.devices` (any type,
    lavapipe included), for machines with several GPUs; wins over ``$VFXPY_DEVICE``;
    raises vfxpy.UnsupportedError when there is no such device.

    On auto (no ``backend``, no ``device``) with a GPU, each call runs on the GPU or on
    the CPU backend, whichever a cost model estimates faster for that image now (module
    docstring); ``backend`` still reads what was picked here. An explicit backend or
    device always runs there.
    """

    def __init__(self, backend: Optional[str] = None, device: Optional[int] = None):
        if backend is not None and not isinstance(backend, str):
            raise TypeError(f"backend must be a str or None, not {type(backend).__name__}")
        name = (backend or "auto").lower()
        name = _ALIASES.get(name, name)
        if name not in _BACKENDS and name != "auto":
            choices = ", ".join(map(repr, _BACKENDS + tuple(_ALIASES)))
            raise ValueError(f"backend must be one of {choices} or None, got {backend!r}")
        self._device = _device_for(name, device)
        self._backend = "cpu" if self._device is None else "vulkan"
        self._device_index = -1 if self._device is None else self._device["index"]
        # on auto with a GPU, each call runs where the cost model says is faster
        self._auto = name == "auto" and device is None and self._device is not None

    @property
    def backend(self) -> str:
        """The backend asked for or picked at construction: 'cpu' or 'vulkan'. On auto
        ('vulkan' here when a GPU was picked) each call may still run on the CPU backend
        when the cost model (module docstring) estimates it faster."""
        return self._backend

    @property
    def device_name(self) -> str:
        """What runs the ops: the Vulkan device's name, or e.g. 'CPU (2 cores)'."""
        if self._device is not None:
            return self._device["name"]
        return f"CPU ({_vfxpy.threads()} cores)"

    def __repr__(self) -> str:
        return f"<vfxpy.Processor backend={self._backend!r} device={self.device_name!r}>"

    def _apply(self, pipeline, img):
        if self._auto:
            _vfxpy._gpu_apply_auto(pipeline, img, self._device_index)
        else:
            pipeline.apply(img, self._device_index)
        return img

    def _run(self, img, build) -> "Processor":
        pipeline = _vfxpy.Pipeline()
        build(pipeline)
        self._apply(pipeline, _check_image(img))
        return self

    def exposure(self, img, stops: Number) -> "Processor":
        """RGB × 2**stops."""
        return self._run(img, lambda p: p.add_exposure(stops))

    def saturation(self, img, amount: Number, weights: Optional[RGB] = None) -> "Processor":
        """``luma + amount * (rgb - luma)``; luma weights Rec.709 (0.2126, 0.7152, 0.0722)
        unless ``weights`` gives others."""
        return self._run(img, lambda p: p.add_saturation(amount, weights))

    def contrast(self, img, amount: Number, pivot: Number = 0.18) -> "Processor":
        """``pivot * (max(x, 0) / pivot) ** amount`` on RGB (OCIO ExposureContrast, linear)."""
        return self._run(img, lambda p: p.add_contrast(amount, pivot))

    def cdl(self, img, slope: RGB = 1.0, offset: RGB = 0.0, power: RGB = 1.0, saturation: Number = 1.0,
            style: str = "no_clamp") -> "Processor":
        """ASC CDL v1.2: slope → offset → power → saturation (Rec.709 luma). ``style``
        "no_clamp" (default, as OCIO's CDLTransform: no clamping, power only on positive
        values) or "asc" (clamps to [0, 1] exactly as ASC v1.2)."""
        return self._run(img, lambda p: p.add_cdl(slope, offset, power, saturation, style))

    def apply_matrix(self, img, matrix, offset=None) -> "Processor":
        """A 3×3 matrix on RGB (alpha untouched) or a 4×4 on RGBA, rows first; ``offset``
        adds 3 or 4 values after the product."""
        return self._run(img, lambda p: p.add_matrix(matrix, offset))

    def transfer(self, img, curve: str, direction: str = "decode", **params) -> "Processor":
        """A transfer function (see :mod:`vfxpy.transfer`): 'encode' = linear → code
        values, 'decode' = code values → linear; ``params`` as the curve takes them."""
        return self._run(img, lambda p: p.add_transfer(curve, direction, **params))

    def convert(self, img, src: str, dst: str, adaptation: str = "bradford") -> "Processor":
        """A color-space conversion by name (see :mod:`vfxpy.color`)."""
        return self._run(img, lambda p: p.add_convert(src, dst, adaptation))

    def apply_lut(self, img, lut) -> "Processor":
        """Applies a LUT in place: a ``vfxpy.lut`` Lut1D, Lut3D (its own interpolation),
        Matrix, Prelut or LutChain (every step, in order, in one pass)."""
        _check_lut(lut)
        return self._run(img, lambda p: lut._add_to(p))

    def apply_clf(self, img, clf) -> "Processor":
        """Applies a CLF/CTF file read by :func:`vfxpy.lut.read_clf` (or a path to one)."""
        clf = _as_clf(clf)
        return self._run(img, lambda p: p.extend(clf._pipeline))

    def apply_ocio(self, img, processor) -> "Processor":
        """Applies a :class:`vfxpy.ocio.Processor` in place on this Processor's backend
        (its translated steps on Vulkan too; OCIO-only steps on the CPU)."""
        ocio_processor = _check_ocio(processor)
        return self._run(img, lambda p: p.extend(ocio_processor._pipeline))

    def chain(self, img) -> "ProcessorChain":
        """A chain of ops on ``img`` that :meth:`ProcessorChain.run` applies in one pass."""
        return ProcessorChain(self, _check_image(img))


class ProcessorChain:
    """Ops collected for one image and run as one fused pass by :meth:`run`. The same
    methods as :class:`Processor`, without the image argument; each returns the chain."""

    def __init__(self, processor: Processor, img):
        self.processor = processor
        self.image = img
        self._pipeline = _vfxpy.Pipeline()

    @property
    def ops(self) -> list:
        """Names of the collected ops, in order."""
        return self._pipeline.ops

    def exposure(self, stops: Number) -> "ProcessorChain":
        """Adds RGB × 2**stops (see :meth:`Processor.exposure`)."""
        self._pipeline.add_exposure(stops)
        return self

    def saturation(self, amount: Number, weights: Optional[RGB] = None) -> "ProcessorChain":
        """Adds a saturation change about luma (see :meth:`Processor.saturation`)."""
        self._pipeline.add_saturation(amount, weights)
        return self

    def contrast(self, amount: Number, pivot: Number = 0.18) -> "ProcessorChain":
        """Adds a contrast curve about ``pivot`` (see :meth:`Processor.contrast`)."""
        self._pipeline.add_contrast(amount, pivot)
        return self

    def cdl(self, slope: RGB = 1.0, offset: RGB = 0.0, power: RGB = 1.0, saturation: Number = 1.0,
            style: str = "no_clamp") -> "ProcessorChain":
        """Adds an ASC CDL (see :meth:`Processor.cdl`)."""
        self._pipeline.add_cdl(slope, offset, power, saturation, style)
        return self

    def apply_matrix(self, matrix, offset=None) -> "ProcessorChain":
        """Adds a 3×3 or 4×4 matrix (see :meth:`Processor.apply_matrix`)."""
        self._pipeline.add_matrix(matrix, offset)
        return self

    def transfer(self, curve: str, direction: str = "decode", **params) -> "ProcessorChain":
        """Adds a transfer function (see :meth:`Processor.transfer`)."""
        self._pipeline.add_transfer(curve, direction, **params)
        return self

    def convert(self, src: str, dst: str, adaptation: str = "bradford") -> "ProcessorChain":
        """Adds a color-space conversion (see :meth:`Processor.convert`)."""
        self._pipeline.add_convert(src, dst, adaptation)
        return self

    def apply_lut(self, lut) -> "ProcessorChain":
        """Adds a LUT (a snapshot of its entries now); see :meth:`Processor.apply_lut`."""
        _check_lut(lut)
        lut._add_to(self._pipeline)
        return self

    def apply_clf(self, clf) -> "ProcessorChain":
        """The nodes of a CLF/CTF file (a :class:`vfxpy.lut.CLF` or a path), fused with the chain."""
        self._pipeline.extend(_as_clf(clf)._pipeline)
        return self

    def apply_ocio(self, processor) -> "ProcessorChain":
        """The steps of a :class:`vfxpy.ocio.Processor`, fused with the chain."""
        self._pipeline.extend(_check_ocio(processor)._pipeline)
        return self

    def run(self):
        """Applies every collected op to the image in one pass; returns the image."""
        return self.processor._apply(self._pipeline, self.image)

    def run_async(self):
        """:meth:`run` on vfxpy's native pool: a :class:`vfxpy.Future` of the image, to
        ``await`` in asyncio (``await proc.chain(img).exposure(1).run_async()``) or to
        wait on as a ``concurrent.futures.Future``. A cancel before the start prevents
        the run; a run under way stops at its next rows (its own cancel flag) and leaves
        the image partly processed (see :mod:`vfxpy._async`)."""
        from vfxpy._async import _run_future

        processor = self.processor
        return _run_future(self._pipeline, _check_image(self.image), processor._device_index, processor._auto)

    def __repr__(self) -> str:
        return f"<vfxpy.ProcessorChain {' -> '.join(self.ops) or '(empty)'} on {self.image!r}>"
