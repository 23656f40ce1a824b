// The CPython C API as Swift sees it. <sys/select.h> must come before <Python.h>,
// otherwise `import Foundation` clashes with Python's declarations of fd_set.
// Python.h is named by its Debian path (its own includes resolve beside it), so the
// module needs no pkg-config: how libpython is linked is decided in Package.swift.
#ifndef VFXRUN_CPYTHON_SHIM_H
#define VFXRUN_CPYTHON_SHIM_H

#include <sys/select.h>
#define PY_SSIZE_T_CLEAN
#include "/usr/include/python3.11/Python.h"
#include "/usr/include/python3.11/structmember.h"
#include <stddef.h>

// The prefix Debian's python3.11 is installed under (where the headers above are): the
// PREFIX and EXEC_PREFIX its libpython was built with (sysconfig's 'prefix').
static inline const char *vfx_python_prefix(void) { return "/usr"; }

// Swift 6 cannot read these global objects and expression macros directly.
static inline PyObject *vfx_none(void) { return Py_None; }
static inline PyObject *vfx_true(void) { return Py_True; }
static inline PyObject *vfx_false(void) { return Py_False; }
static inline PyObject *vfx_not_implemented(void) { return Py_NotImplemented; }

static inline PyObject *vfx_exc_type_error(void) { return PyExc_TypeError; }
static inline PyObject *vfx_exc_value_error(void) { return PyExc_ValueError; }
static inline PyObject *vfx_exc_memory_error(void) { return PyExc_MemoryError; }
static inline PyObject *vfx_exc_os_error(void) { return PyExc_OSError; }
static inline PyObject *vfx_exc_runtime_error(void) { return PyExc_RuntimeError; }
static inline PyObject *vfx_exc_exception(void) { return PyExc_Exception; }
static inline PyObject *vfx_exc_buffer_error(void) { return PyExc_BufferError; }
static inline PyObject *vfx_exc_overflow_error(void) { return PyExc_OverflowError; }
static inline PyObject *vfx_exc_keyboard_interrupt(void) { return PyExc_KeyboardInterrupt; }

static inline unsigned long vfx_tpflags_default(void) { return Py_TPFLAGS_DEFAULT; }
static inline unsigned long vfx_tpflags_basetype(void) { return Py_TPFLAGS_BASETYPE; }
static inline unsigned long vfx_tpflags_have_gc(void) { return Py_TPFLAGS_HAVE_GC; }

static inline int vfx_buf_records(void) { return PyBUF_RECORDS; }
static inline int vfx_buf_records_ro(void) { return PyBUF_RECORDS_RO; }
static inline int vfx_buf_writable(void) { return PyBUF_WRITABLE; }
static inline int vfx_buf_format(void) { return PyBUF_FORMAT; }

static inline int vfx_is_long(PyObject *o) { return PyLong_Check(o); }
static inline int vfx_is_bool(PyObject *o) { return PyBool_Check(o); }
static inline int vfx_is_float(PyObject *o) { return PyFloat_Check(o); }
static inline int vfx_is_unicode(PyObject *o) { return PyUnicode_Check(o); }
static inline int vfx_is_tuple(PyObject *o) { return PyTuple_Check(o); }
static inline int vfx_is_list(PyObject *o) { return PyList_Check(o); }
static inline int vfx_is_dict(PyObject *o) { return PyDict_Check(o); }
static inline int vfx_is_bytes(PyObject *o) { return PyBytes_Check(o); }
static inline int vfx_python_api_version(void) { return PYTHON_API_VERSION; }

static inline PyTypeObject *vfx_type(PyObject *o) { return Py_TYPE(o); }
static inline int vfx_is_type(PyObject *o, PyTypeObject *t) { return PyObject_TypeCheck(o, t); }

/// The instance layout shared by every Python type the bridge builds: a retained Swift
/// object, one owned Python reference (for example an image's metadata dict, visited by
/// the garbage collector) and the weak-reference list.
typedef struct {
    PyObject_HEAD
    void *swift_object;
    PyObject *attached;
    PyObject *weakreflist;
} VfxObject;

static inline Py_ssize_t vfx_object_size(void) { return (Py_ssize_t)sizeof(VfxObject); }
static inline Py_ssize_t vfx_weaklist_offset(void) { return (Py_ssize_t)offsetof(VfxObject, weakreflist); }

// Set when the script ended with an unhandled KeyboardInterrupt (exported by libpython).
extern int _Py_UnhandledKeyboardInterrupt;
static inline int vfx_unhandled_keyboard_interrupt(void) { return _Py_UnhandledKeyboardInterrupt; }

#endif
