/*
 * swiftbio._core — the CPython face of the C ABI in swiftbio.h.
 *
 * Every function: take arrays through the buffer protocol, check them
 * again (ndim, dtype, C-contiguity, writability, shapes) before any pointer
 * reaches Swift, release the GIL around the engine call, map the status to
 * an exception. One exit path (`done:`) releases what was acquired.
 * No algorithms here; argument policy (defaults, broadcasting per axis)
 * lives in the Python modules.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "swiftbio.h"

/* ---- arrays ------------------------------------------------------------ */

typedef struct {
    Py_buffer view;
    int held;
    sb_array array;
} array_arg;

#define ARRAY_ARG_INIT {.held = 0}

static void release_array(array_arg *a) {
    if (a->held) {
        PyBuffer_Release(&a->view);
        a->held = 0;
    }
}

/* numpy's buffer format for a native-endian element, and its size. */
static int dtype_of(const char *format, Py_ssize_t itemsize) {
    if (format[0] == '@' || format[0] == '=' || format[0] == '<') format++;
    if (format[0] == '\0' || format[1] != '\0') return -1;
    switch (format[0]) {
    case '?': return itemsize == 1 ? SB_DTYPE_BOOL : -1;
    case 'B': return itemsize == 1 ? SB_DTYPE_UINT8 : -1;
    case 'H': return itemsize == 2 ? SB_DTYPE_UINT16 : -1;
    case 'i': case 'l': return itemsize == 4 ? SB_DTYPE_INT32 : -1;
    case 'I': case 'L': return itemsize == 4 ? SB_DTYPE_UINT32 : -1;
    case 'f': return itemsize == 4 ? SB_DTYPE_FLOAT32 : -1;
    case 'd': return itemsize == 8 ? SB_DTYPE_FLOAT64 : -1;
    default: return -1;
    }
}

/* Fills `a` from a C-contiguous 2D/3D array `obj`; raises and returns -1 otherwise. */
static int get_array(PyObject *obj, const char *name, int writable, array_arg *a) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &a->view, flags) != 0) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "%s must be a C-contiguous%s array", name,
                     writable ? ", writable" : "");
        return -1;
    }
    a->held = 1;
    if (a->view.ndim < 2 || a->view.ndim > SB_MAX_NDIM) {
        PyErr_Format(PyExc_ValueError, "%s must be 2D or 3D, got ndim=%d", name, a->view.ndim);
        return -1;
    }
    int dtype = dtype_of(a->view.format ? a->view.format : "B", a->view.itemsize);
    if (dtype < 0) {
        PyErr_Format(PyExc_TypeError, "%s has unsupported element format '%s'", name,
                     a->view.format ? a->view.format : "B");
        return -1;
    }
    a->array.data = a->view.buf;
    a->array.dtype = dtype;
    a->array.ndim = a->view.ndim;
    for (int i = 0; i < SB_MAX_NDIM; i++)
        a->array.shape[i] = i < a->view.ndim ? (int64_t)a->view.shape[i] : 0;
    for (int i = 0; i < a->view.ndim; i++) {
        if (a->view.shape[i] <= 0) {
            PyErr_Format(PyExc_ValueError, "%s must not be empty", name);
            return -1;
        }
    }
    return 0;
}

/* A writable output with the input's shape and, unless dtype < 0, that dtype. */
static int get_output_like(PyObject *obj, const char *name, const array_arg *input, int dtype, array_arg *out) {
    if (get_array(obj, name, 1, out) != 0) return -1;
    if (dtype >= 0 && out->array.dtype != dtype) {
        PyErr_Format(PyExc_TypeError, "%s has the wrong dtype", name);
        return -1;
    }
    if (out->array.ndim != input->array.ndim ||
        memcmp(out->array.shape, input->array.shape, sizeof(out->array.shape)) != 0) {
        PyErr_Format(PyExc_ValueError, "%s shape does not match input shape", name);
        return -1;
    }
    return 0;
}

/* The output of a filter: writable, float32/float64, the input's shape. */
static int get_filter_output(PyObject *obj, const array_arg *input, array_arg *out) {
    if (get_output_like(obj, "output", input, -1, out) != 0) return -1;
    if (out->array.dtype != SB_DTYPE_FLOAT32 && out->array.dtype != SB_DTYPE_FLOAT64) {
        PyErr_SetString(PyExc_TypeError, "output must be float32 or float64");
        return -1;
    }
    return 0;
}

/* `n` numbers from a sequence into `values`; raises and returns -1 otherwise. */
static int get_doubles(PyObject *seq, int n, double *values, const char *name) {
    PyObject *fast = PySequence_Fast(seq, "");
    if (!fast || PySequence_Fast_GET_SIZE(fast) != n) {
        Py_XDECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s needs %d values (one per axis)", name, n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        values[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (values[i] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

static int get_int64s(PyObject *seq, int n, int64_t *values, const char *name) {
    PyObject *fast = PySequence_Fast(seq, "");
    if (!fast || PySequence_Fast_GET_SIZE(fast) != n) {
        Py_XDECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s needs %d values (one per axis)", name, n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        values[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (values[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* ---- status ------------------------------------------------------------ */

static PyObject *raise_status(int32_t status) {
    PyObject *type;
    switch (status) {
    case SB_ERR_VALUE: type = PyExc_ValueError; break;
    case SB_ERR_TYPE: type = PyExc_TypeError; break;
    case SB_ERR_MEMORY: type = PyExc_MemoryError; break;
    case SB_ERR_IO: type = PyExc_OSError; break;
    default: type = PyExc_RuntimeError; break;
    }
    PyErr_SetString(type, sb_last_error());
    return NULL;
}

/* ---- library ----------------------------------------------------------- */

static PyObject *py_abi_version(PyObject *self, PyObject *args) {
    return PyLong_FromLong(sb_abi_version());
}

static PyObject *py_set_num_threads(PyObject *self, PyObject *args) {
    int n;
    if (!PyArg_ParseTuple(args, "i", &n)) return NULL;
    sb_set_num_threads(n);
    Py_RETURN_NONE;
}

static PyObject *py_get_num_threads(PyObject *self, PyObject *args) {
    return PyLong_FromLong(sb_get_num_threads());
}

/* ---- linear filters ------------------------------------------------------
 * Each takes (input, output, ...parameters) and returns output. The
 * FILTER_BEGIN/FILTER_END pair holds the shared acquire/check/release. */

#define FILTER_BEGIN                                                          \
    array_arg in = ARRAY_ARG_INIT, out = ARRAY_ARG_INIT;                      \
    PyObject *result = NULL;                                                  \
    int32_t status = SB_OK;                                                   \
    if (get_array(in_obj, "input", 0, &in) != 0) goto done;                   \
    if (get_filter_output(out_obj, &in, &out) != 0) goto done;                \
    int ndim = in.array.ndim;                                                 \
    (void)ndim;

#define CALL_ENGINE(expr)                                                     \
    Py_BEGIN_ALLOW_THREADS                                                    \
    status = (expr);                                                          \
    Py_END_ALLOW_THREADS                                                      \
    if (status != SB_OK) { raise_status(status); goto done; }                 \
    Py_INCREF(out_obj);                                                       \
    result = out_obj;

#define FILTER_END                                                            \
done:                                                                         \
    release_array(&in);                                                       \
    release_array(&out);                                                      \
    return result;

static PyObject *py_correlate(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *w_obj, *origin_obj;
    int mode;
    double cval;
    if (!PyArg_ParseTuple(args, "OOOOid", &in_obj, &out_obj, &w_obj, &origin_obj, &mode, &cval)) return NULL;
    array_arg w = ARRAY_ARG_INIT;
    FILTER_BEGIN
    int64_t origin[SB_MAX_NDIM];
    if (get_array(w_obj, "weights", 0, &w) != 0) goto done;
    if (w.array.dtype != SB_DTYPE_FLOAT64 || w.array.ndim != ndim) {
        PyErr_SetString(PyExc_ValueError, "weights must be float64 with the input's ndim");
        goto done;
    }
    if (get_int64s(origin_obj, ndim, origin, "origin") != 0) goto done;
    CALL_ENGINE(sb_correlate(&in.array, &out.array, &w.array, origin, mode, cval))
done:
    release_array(&w);
    release_array(&in);
    release_array(&out);
    return result;
}

static PyObject *py_correlate1d(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *w_obj;
    int axis, mode;
    long long origin;
    double cval;
    if (!PyArg_ParseTuple(args, "OOOiLid", &in_obj, &out_obj, &w_obj, &axis, &origin, &mode, &cval)) return NULL;
    Py_buffer w = {0};
    int w_held = 0;
    FILTER_BEGIN
    if (PyObject_GetBuffer(w_obj, &w, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) goto done;
    w_held = 1;
    if (w.ndim != 1 || dtype_of(w.format ? w.format : "B", w.itemsize) != SB_DTYPE_FLOAT64 || w.shape[0] < 1) {
        PyErr_SetString(PyExc_ValueError, "weights must be a non-empty 1D float64 array");
        goto done;
    }
    CALL_ENGINE(sb_correlate1d(&in.array, &out.array, (const double *)w.buf, (int64_t)w.shape[0], axis,
                               (int64_t)origin, mode, cval))
done:
    if (w_held) PyBuffer_Release(&w);
    release_array(&in);
    release_array(&out);
    return result;
}

static PyObject *py_gaussian(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *sigma_obj, *order_obj;
    double truncate, cval;
    int mode;
    if (!PyArg_ParseTuple(args, "OOOOdid", &in_obj, &out_obj, &sigma_obj, &order_obj, &truncate, &mode, &cval))
        return NULL;
    FILTER_BEGIN
    double sigma[SB_MAX_NDIM];
    int64_t order64[SB_MAX_NDIM];
    int32_t order[SB_MAX_NDIM];
    if (get_doubles(sigma_obj, ndim, sigma, "sigma") != 0) goto done;
    if (get_int64s(order_obj, ndim, order64, "order") != 0) goto done;
    for (int i = 0; i < ndim; i++) {
        if (order64[i] < 0 || order64[i] > 4) {
            PyErr_SetString(PyExc_ValueError, "order must be between 0 and 4");
            goto done;
        }
        order[i] = (int32_t)order64[i];
    }
    CALL_ENGINE(sb_gaussian(&in.array, &out.array, sigma, order, truncate, mode, cval))
    FILTER_END
}

static PyObject *py_uniform(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *size_obj, *origin_obj;
    double cval;
    int mode;
    if (!PyArg_ParseTuple(args, "OOOOid", &in_obj, &out_obj, &size_obj, &origin_obj, &mode, &cval)) return NULL;
    FILTER_BEGIN
    int64_t size[SB_MAX_NDIM], origin[SB_MAX_NDIM];
    if (get_int64s(size_obj, ndim, size, "size") != 0) goto done;
    if (get_int64s(origin_obj, ndim, origin, "origin") != 0) goto done;
    CALL_ENGINE(sb_uniform(&in.array, &out.array, size, origin, mode, cval))
    FILTER_END
}

static PyObject *py_edge(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    int op, axis, mode;
    double cval;
    if (!PyArg_ParseTuple(args, "OOiiid", &in_obj, &out_obj, &op, &axis, &mode, &cval)) return NULL;
    FILTER_BEGIN
    CALL_ENGINE(sb_edge(&in.array, &out.array, op, axis, mode, cval))
    FILTER_END
}

static PyObject *py_laplace(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    int mode;
    double cval;
    if (!PyArg_ParseTuple(args, "OOid", &in_obj, &out_obj, &mode, &cval)) return NULL;
    FILTER_BEGIN
    CALL_ENGINE(sb_laplace(&in.array, &out.array, mode, cval))
    FILTER_END
}

/* The three filters taking (sigma, truncate) share one signature. */
typedef int32_t (*sigma_filter)(const sb_array *, sb_array *, const double *, double, int32_t, double);

static PyObject *call_sigma_filter(PyObject *args, sigma_filter filter) {
    PyObject *in_obj, *out_obj, *sigma_obj;
    double truncate, cval;
    int mode;
    if (!PyArg_ParseTuple(args, "OOOdid", &in_obj, &out_obj, &sigma_obj, &truncate, &mode, &cval)) return NULL;
    FILTER_BEGIN
    double sigma[SB_MAX_NDIM];
    if (get_doubles(sigma_obj, ndim, sigma, "sigma") != 0) goto done;
    CALL_ENGINE(filter(&in.array, &out.array, sigma, truncate, mode, cval))
    FILTER_END
}

static PyObject *py_gaussian_laplace(PyObject *self, PyObject *args) {
    return call_sigma_filter(args, sb_gaussian_laplace);
}

static PyObject *py_gaussian_gradient_magnitude(PyObject *self, PyObject *args) {
    return call_sigma_filter(args, sb_gaussian_gradient_magnitude);
}

static PyObject *py_unsharp_mask(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *radius_obj;
    double amount, truncate, cval;
    int mode;
    if (!PyArg_ParseTuple(args, "OOOddid", &in_obj, &out_obj, &radius_obj, &amount, &truncate, &mode, &cval))
        return NULL;
    FILTER_BEGIN
    double radius[SB_MAX_NDIM];
    if (get_doubles(radius_obj, ndim, radius, "radius") != 0) goto done;
    CALL_ENGINE(sb_unsharp_mask(&in.array, &out.array, radius, amount, truncate, mode, cval))
    FILTER_END
}

/* ---- labeling and distances --------------------------------------------- */

static PyObject *py_label(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    double background;
    int connectivity;
    if (!PyArg_ParseTuple(args, "OOdi", &in_obj, &out_obj, &background, &connectivity)) return NULL;
    array_arg in = ARRAY_ARG_INIT, out = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    int64_t count = 0;
    int32_t status;
    if (get_array(in_obj, "label_image", 0, &in) != 0) goto done;
    if (get_output_like(out_obj, "output", &in, -1, &out) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_label(&in.array, &out.array, background, connectivity, &count);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = PyLong_FromLongLong(count);
done:
    release_array(&in);
    release_array(&out);
    return result;
}

/* The shared body of (input, output) functions: OUTPUT_BEGIN checks both
 * (the output of `dtype`, or any if < 0), CALL_ENGINE runs the call
 * without the GIL and returns the output, FILTER_END releases. */
#define OUTPUT_BEGIN(in_name, out_name, dtype)                                \
    array_arg in = ARRAY_ARG_INIT, out = ARRAY_ARG_INIT;                      \
    PyObject *result = NULL;                                                  \
    int32_t status = SB_OK;                                                   \
    if (get_array(in_obj, in_name, 0, &in) != 0) goto done;                   \
    if (get_output_like(out_obj, out_name, &in, dtype, &out) != 0) goto done;

static PyObject *py_distance_transform(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *sampling_obj;
    if (!PyArg_ParseTuple(args, "OOO", &in_obj, &out_obj, &sampling_obj)) return NULL;
    double sampling[SB_MAX_NDIM];
    OUTPUT_BEGIN("input", "distances", SB_DTYPE_FLOAT64)
    if (get_doubles(sampling_obj, in.array.ndim, sampling, "sampling") != 0) goto done;
    CALL_ENGINE(sb_distance_transform(&in.array, &out.array, sampling))
    FILTER_END
}

static PyObject *py_feature_transform(PyObject *self, PyObject *args) {
    PyObject *in_obj, *features_obj, *distances_obj, *sampling_obj;
    if (!PyArg_ParseTuple(args, "OOOO", &in_obj, &features_obj, &distances_obj, &sampling_obj)) return NULL;
    array_arg in = ARRAY_ARG_INIT, dist = ARRAY_ARG_INIT;
    Py_buffer features = {0};
    int features_held = 0;
    PyObject *result = NULL;
    double sampling[SB_MAX_NDIM];
    int32_t status;
    if (get_array(in_obj, "input", 0, &in) != 0) goto done;
    if (PyObject_GetBuffer(features_obj, &features, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE | PyBUF_FORMAT) != 0) goto done;
    features_held = 1;
    if (features.itemsize != 4 || dtype_of(features.format ? features.format : "B", features.itemsize) != SB_DTYPE_INT32) {
        PyErr_SetString(PyExc_ValueError, "indices must be a C-contiguous int32 array");
        goto done;
    }
    if (distances_obj != Py_None && get_array(distances_obj, "distances", 1, &dist) != 0) goto done;
    if (get_doubles(sampling_obj, in.array.ndim, sampling, "sampling") != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_feature_transform(&in.array, (int32_t *)features.buf, (int64_t)(features.len / 4),
                                  distances_obj == Py_None ? NULL : &dist.array, sampling);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (features_held) PyBuffer_Release(&features);
    release_array(&in);
    release_array(&dist);
    return result;
}

static PyObject *py_find_objects(PyObject *self, PyObject *args) {
    PyObject *in_obj, *boxes_obj;
    long long max_label;
    if (!PyArg_ParseTuple(args, "OLO", &in_obj, &max_label, &boxes_obj)) return NULL;
    array_arg in = ARRAY_ARG_INIT;
    Py_buffer boxes = {0};
    int boxes_held = 0;
    PyObject *result = NULL;
    int32_t status;
    if (get_array(in_obj, "labels", 0, &in) != 0) goto done;
    if (PyObject_GetBuffer(boxes_obj, &boxes, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    boxes_held = 1;
    if (max_label < 0 || boxes.len != (Py_ssize_t)(max_label * in.array.ndim * 2 * 8)) {
        PyErr_SetString(PyExc_ValueError, "boxes must hold max_label * ndim * 2 int64");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    status = sb_find_objects(&in.array, (int64_t)max_label, (int64_t *)boxes.buf);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (boxes_held) PyBuffer_Release(&boxes);
    release_array(&in);
    return result;
}

/* ---- region properties ------------------------------------------------------ */

#define TABLE_CAPSULE "swiftbio.table"

static void free_table_capsule(PyObject *capsule) {
    sb_table_free((sb_table *)PyCapsule_GetPointer(capsule, TABLE_CAPSULE));
}

/* The result of a kernel returning an sb_table: a capsule owning it, or the raised status. */
static PyObject *table_result(int32_t status, sb_table *table) {
    if (status != SB_OK) return raise_status(status);
    PyObject *capsule = PyCapsule_New(table, TABLE_CAPSULE, free_table_capsule);
    if (!capsule) sb_table_free(table);
    return capsule;
}

/* regionprops(labels, intensity_or_None, spacing, request) -> capsule of the table. */
static PyObject *py_regionprops(PyObject *self, PyObject *args) {
    PyObject *labels_obj, *intensity_obj, *spacing_obj;
    unsigned int request;
    if (!PyArg_ParseTuple(args, "OOOI", &labels_obj, &intensity_obj, &spacing_obj, &request)) return NULL;
    array_arg labels = ARRAY_ARG_INIT, intensity = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    double spacing[SB_MAX_NDIM];
    sb_table *table = NULL;
    int32_t status;
    if (get_array(labels_obj, "label_image", 0, &labels) != 0) goto done;
    if (intensity_obj != Py_None) {
        if (get_array(intensity_obj, "intensity_image", 0, &intensity) != 0) goto done;
        if (intensity.array.ndim != labels.array.ndim ||
            memcmp(intensity.array.shape, labels.array.shape, sizeof(labels.array.shape)) != 0) {
            PyErr_SetString(PyExc_ValueError, "intensity_image shape does not match label_image shape");
            goto done;
        }
    }
    if (get_doubles(spacing_obj, labels.array.ndim, spacing, "spacing") != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_regionprops(&labels.array, intensity_obj == Py_None ? NULL : &intensity.array, spacing,
                            (uint32_t)request, &table);
    Py_END_ALLOW_THREADS
    result = table_result(status, table);
done:
    release_array(&intensity);
    release_array(&labels);
    return result;
}

/* table_shape(capsule, group) -> (rows, width); width 0 if not computed. */
static PyObject *py_table_shape(PyObject *self, PyObject *args) {
    PyObject *capsule;
    int group;
    if (!PyArg_ParseTuple(args, "Oi", &capsule, &group)) return NULL;
    sb_table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    if (!table) return NULL;
    int64_t rows = 0, width = 0;
    int32_t status = sb_table_shape(table, group, &rows, &width);
    if (status != SB_OK) return raise_status(status);
    return Py_BuildValue("LL", (long long)rows, (long long)width);
}

/* table_copy(capsule, group, out): `out` a writable buffer of rows * width float64. */
static PyObject *py_table_copy(PyObject *self, PyObject *args) {
    PyObject *capsule, *out_obj;
    int group;
    if (!PyArg_ParseTuple(args, "OiO", &capsule, &group, &out_obj)) return NULL;
    sb_table *table = PyCapsule_GetPointer(capsule, TABLE_CAPSULE);
    if (!table) return NULL;
    Py_buffer out;
    if (PyObject_GetBuffer(out_obj, &out, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) return NULL;
    int32_t status;
    Py_BEGIN_ALLOW_THREADS
    status = sb_table_copy(table, group, (double *)out.buf, (int64_t)(out.len / 8));
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&out);
    if (status != SB_OK) return raise_status(status);
    Py_RETURN_NONE;
}

/* remove_small_regions(labels, output, max_size) -> largest label. */
static PyObject *py_remove_small_regions(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    long long max_size;
    if (!PyArg_ParseTuple(args, "OOL", &in_obj, &out_obj, &max_size)) return NULL;
    array_arg in = ARRAY_ARG_INIT, out = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    int64_t max_label = 0;
    int32_t status;
    if (get_array(in_obj, "labels", 0, &in) != 0) goto done;
    if (get_output_like(out_obj, "output", &in, -1, &out) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_remove_small_regions(&in.array, &out.array, (int64_t)max_size, &max_label);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = PyLong_FromLongLong(max_label);
done:
    release_array(&in);
    release_array(&out);
    return result;
}

/* remove_small_components(mask, output, max_size, connectivity). */
static PyObject *py_remove_small_components(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    long long max_size;
    int connectivity;
    if (!PyArg_ParseTuple(args, "OOLi", &in_obj, &out_obj, &max_size, &connectivity)) return NULL;
    OUTPUT_BEGIN("mask", "output", SB_DTYPE_BOOL)
    CALL_ENGINE(sb_remove_small_components(&in.array, &out.array, (int64_t)max_size, connectivity))
    FILTER_END
}

/* label_lookup(labels, table, output): output = table[labels], `table` a uint8 buffer. */
static PyObject *py_label_lookup(PyObject *self, PyObject *args) {
    PyObject *in_obj, *table_obj, *out_obj;
    if (!PyArg_ParseTuple(args, "OOO", &in_obj, &table_obj, &out_obj)) return NULL;
    array_arg in = ARRAY_ARG_INIT, out = ARRAY_ARG_INIT;
    Py_buffer table;
    int table_held = 0;
    PyObject *result = NULL;
    int32_t status;
    if (get_array(in_obj, "labels", 0, &in) != 0) goto done;
    if (get_output_like(out_obj, "output", &in, -1, &out) != 0) goto done;
    if (PyObject_GetBuffer(table_obj, &table, PyBUF_C_CONTIGUOUS) != 0) goto done;
    table_held = 1;
    Py_BEGIN_ALLOW_THREADS
    status = sb_label_lookup(&in.array, table.buf, (int64_t)table.len, &out.array);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (table_held) PyBuffer_Release(&table);
    release_array(&in);
    release_array(&out);
    return result;
}

/* label_overlap(y_true, y_pred) -> capsule of the overlap table. */
static PyObject *py_label_overlap(PyObject *self, PyObject *args) {
    PyObject *a_obj, *b_obj;
    if (!PyArg_ParseTuple(args, "OO", &a_obj, &b_obj)) return NULL;
    array_arg a = ARRAY_ARG_INIT, b = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    sb_table *table = NULL;
    int32_t status;
    if (get_array(a_obj, "y_true", 0, &a) != 0 || get_array(b_obj, "y_pred", 0, &b) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_label_overlap(&a.array, &b.array, &table);
    Py_END_ALLOW_THREADS
    result = table_result(status, table);
done:
    release_array(&b);
    release_array(&a);
    return result;
}

/* max_weight_matching(left_count, right_count, left, right, weight, match): int64/int64/float64
 * edge buffers of one length; `match` a writable int64 buffer of left_count entries. */
static PyObject *py_max_weight_matching(PyObject *self, PyObject *args) {
    long long left_count, right_count;
    PyObject *objs[4];
    if (!PyArg_ParseTuple(args, "LLOOOO", &left_count, &right_count, &objs[0], &objs[1], &objs[2], &objs[3])) return NULL;
    Py_buffer views[4];
    int held = 0;
    PyObject *result = NULL;
    int32_t status;
    for (; held < 4; held++) {
        int flags = PyBUF_C_CONTIGUOUS | (held == 3 ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(objs[held], &views[held], flags) != 0) goto done;
    }
    Py_ssize_t edges = views[0].len / 8;
    if (views[0].len != edges * 8 || views[1].len != edges * 8 || views[2].len != edges * 8 ||
        left_count < 0 || views[3].len != (Py_ssize_t)left_count * 8) {
        PyErr_SetString(PyExc_ValueError, "edge buffers must hold one 8-byte value per edge, match one per left vertex");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    status = sb_max_weight_matching((int64_t)left_count, (int64_t)right_count, (int64_t)edges, views[0].buf,
                                    views[1].buf, views[2].buf, views[3].buf);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    for (int i = 0; i < held; i++) PyBuffer_Release(&views[i]);
    return result;
}

/* mesh_surface_area(vertices, faces) -> float: (V, 3) float and (F, 3) int32/uint32 arrays. */
static PyObject *py_mesh_surface_area(PyObject *self, PyObject *args) {
    PyObject *verts_obj, *faces_obj;
    if (!PyArg_ParseTuple(args, "OO", &verts_obj, &faces_obj)) return NULL;
    array_arg verts = ARRAY_ARG_INIT, faces = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    int32_t status;
    double area = 0;
    if (get_array(verts_obj, "verts", 0, &verts) != 0) goto done;
    if (get_array(faces_obj, "faces", 0, &faces) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_mesh_surface_area(&verts.array, &faces.array, &area);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = PyFloat_FromDouble(area);
done:
    release_array(&verts);
    release_array(&faces);
    return result;
}

#define MESH_CAPSULE "swiftbio.mesh"

static void free_mesh_capsule(PyObject *capsule) {
    sb_mesh_free((sb_mesh *)PyCapsule_GetPointer(capsule, MESH_CAPSULE));
}

/* marching_cubes(volume, mask_or_None, level_or_None, step, descent, classic) -> (capsule, vertices, faces). */
static PyObject *py_marching_cubes(PyObject *self, PyObject *args) {
    PyObject *in_obj, *mask_obj, *level_obj;
    long long step;
    int descent, classic;
    if (!PyArg_ParseTuple(args, "OOOLpp", &in_obj, &mask_obj, &level_obj, &step, &descent, &classic)) return NULL;
    double level = 0;
    if (level_obj != Py_None) {
        level = PyFloat_AsDouble(level_obj);
        if (level == -1.0 && PyErr_Occurred()) return NULL;
    }
    array_arg in = ARRAY_ARG_INIT, mask = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    sb_mesh *mesh = NULL;
    int64_t vertices = 0, faces = 0;
    int32_t status;
    if (get_array(in_obj, "volume", 0, &in) != 0) goto done;
    if (mask_obj != Py_None && get_array(mask_obj, "mask", 0, &mask) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_marching_cubes(&in.array, mask_obj == Py_None ? NULL : &mask.array, level, level_obj != Py_None,
                               (int64_t)step, descent, classic, &mesh, &vertices, &faces);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    PyObject *capsule = PyCapsule_New(mesh, MESH_CAPSULE, free_mesh_capsule);
    if (!capsule) { sb_mesh_free(mesh); goto done; }
    result = Py_BuildValue("NLL", capsule, (long long)vertices, (long long)faces);
done:
    release_array(&in);
    release_array(&mask);
    return result;
}

/* mesh_copy(capsule, vertices, faces, normals, values): writable C-contiguous
 * float32 (V, 3), int32 (F, 3), float32 (V, 3) and float32 (V,) buffers. */
static PyObject *py_mesh_copy(PyObject *self, PyObject *args) {
    PyObject *capsule, *obj[4];
    if (!PyArg_ParseTuple(args, "OOOOO", &capsule, &obj[0], &obj[1], &obj[2], &obj[3])) return NULL;
    sb_mesh *mesh = PyCapsule_GetPointer(capsule, MESH_CAPSULE);
    if (!mesh) return NULL;
    Py_buffer view[4];
    int held = 0;
    PyObject *result = NULL;
    for (; held < 4; held++)
        if (PyObject_GetBuffer(obj[held], &view[held], PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    if (view[0].len != view[2].len || view[0].len % 12 != 0 || view[1].len % 12 != 0 || view[3].len * 3 != view[0].len) {
        PyErr_SetString(PyExc_ValueError, "mesh outputs have inconsistent sizes");
        goto done;
    }
    int32_t status;
    Py_BEGIN_ALLOW_THREADS
    status = sb_mesh_copy(mesh, (float *)view[0].buf, (int64_t)(view[0].len / 12), (int32_t *)view[1].buf,
                          (int64_t)(view[1].len / 12), (float *)view[2].buf, (float *)view[3].buf);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    for (int i = 0; i < held; i++) PyBuffer_Release(&view[i]);
    return result;
}

/* degenerate_faces(vertices float32 (V, 3), faces int32 (F, 3), vertex_map int32 (V,), face_kept uint8 (F,)). */
static PyObject *py_degenerate_faces(PyObject *self, PyObject *args) {
    PyObject *verts_obj, *faces_obj, *map_obj, *kept_obj;
    if (!PyArg_ParseTuple(args, "OOOO", &verts_obj, &faces_obj, &map_obj, &kept_obj)) return NULL;
    array_arg verts = ARRAY_ARG_INIT, faces = ARRAY_ARG_INIT;
    Py_buffer map, kept;
    int map_held = 0, kept_held = 0;
    PyObject *result = NULL;
    int32_t status;
    if (get_array(verts_obj, "verts", 0, &verts) != 0) goto done;
    if (get_array(faces_obj, "faces", 0, &faces) != 0) goto done;
    if (PyObject_GetBuffer(map_obj, &map, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    map_held = 1;
    if (PyObject_GetBuffer(kept_obj, &kept, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    kept_held = 1;
    if (map.len != (Py_ssize_t)verts.array.shape[0] * 4 || kept.len != (Py_ssize_t)faces.array.shape[0]) {
        PyErr_SetString(PyExc_ValueError, "vertex_map needs V int32 and face_kept F uint8 entries");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    status = sb_degenerate_faces(&verts.array, &faces.array, (int32_t *)map.buf, (uint8_t *)kept.buf);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (map_held) PyBuffer_Release(&map);
    if (kept_held) PyBuffer_Release(&kept);
    release_array(&verts);
    release_array(&faces);
    return result;
}

/* ---- watershed and region growing ------------------------------------------ */

static PyObject *py_watershed(PyObject *self, PyObject *args) {
    PyObject *in_obj, *markers_obj, *labels_obj, *mask_obj;
    int connectivity, line;
    double compactness;
    if (!PyArg_ParseTuple(args, "OOOOidi", &in_obj, &markers_obj, &labels_obj, &mask_obj, &connectivity,
                          &compactness, &line)) return NULL;
    array_arg in = ARRAY_ARG_INIT, markers = ARRAY_ARG_INIT, labels = ARRAY_ARG_INIT, mask = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    int32_t status;
    if (get_array(in_obj, "image", 0, &in) != 0) goto done;
    if (get_array(markers_obj, "markers", 0, &markers) != 0) goto done;
    if (get_array(labels_obj, "labels", 1, &labels) != 0) goto done;
    if (mask_obj != Py_None && get_array(mask_obj, "mask", 0, &mask) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_watershed(&in.array, &markers.array, &labels.array, mask_obj == Py_None ? NULL : &mask.array,
                          connectivity, compactness, line);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(labels_obj);
    result = labels_obj;
done:
    release_array(&in);
    release_array(&markers);
    release_array(&labels);
    release_array(&mask);
    return result;
}

static PyObject *py_extremum_filter(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *fp_obj;
    int minimum, mode;
    double cval;
    if (!PyArg_ParseTuple(args, "OOOiid", &in_obj, &out_obj, &fp_obj, &minimum, &mode, &cval)) return NULL;
    array_arg fp = ARRAY_ARG_INIT;
    OUTPUT_BEGIN("image", "output", -1)
    if (out.array.dtype != in.array.dtype) {
        PyErr_SetString(PyExc_TypeError, "output must have the input's dtype");
        goto done;
    }
    if (get_array(fp_obj, "footprint", 0, &fp) != 0) goto done;
    if (fp.array.dtype != SB_DTYPE_BOOL || fp.array.ndim != in.array.ndim) {
        PyErr_SetString(PyExc_ValueError, "footprint must be bool with the image's ndim");
        goto done;
    }
    CALL_ENGINE(sb_extremum_filter(&in.array, &out.array, (const uint8_t *)fp.array.data, fp.array.shape, minimum,
                                   mode, cval))
done:
    release_array(&fp);
    release_array(&in);
    release_array(&out);
    return result;
}

/* rank_filter(input, output, footprint, rank, mode, cval) -> output */
static PyObject *py_rank_filter(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj, *fp_obj;
    long long rank;
    int mode;
    double cval;
    if (!PyArg_ParseTuple(args, "OOOLid", &in_obj, &out_obj, &fp_obj, &rank, &mode, &cval)) return NULL;
    array_arg fp = ARRAY_ARG_INIT;
    OUTPUT_BEGIN("image", "output", -1)
    if (get_array(fp_obj, "footprint", 0, &fp) != 0) goto done;
    if (fp.array.dtype != SB_DTYPE_BOOL || fp.array.ndim != in.array.ndim) {
        PyErr_SetString(PyExc_ValueError, "footprint must be bool with the image's ndim");
        goto done;
    }
    CALL_ENGINE(sb_rank_filter(&in.array, &out.array, (const uint8_t *)fp.array.data, fp.array.shape, (int64_t)rank,
                               mode, cval))
done:
    release_array(&fp);
    release_array(&in);
    release_array(&out);
    return result;
}

static PyObject *py_regional_minima(PyObject *self, PyObject *args) {
    PyObject *in_obj, *out_obj;
    int connectivity;
    if (!PyArg_ParseTuple(args, "OOi", &in_obj, &out_obj, &connectivity)) return NULL;
    OUTPUT_BEGIN("image", "output", SB_DTYPE_BOOL)
    CALL_ENGINE(sb_regional_minima(&in.array, &out.array, connectivity))
    FILTER_END
}

static PyObject *py_flood(PyObject *self, PyObject *args) {
    PyObject *in_obj, *seed_obj, *offsets_obj, *out_obj;
    double low, high;
    if (!PyArg_ParseTuple(args, "OOOddO", &in_obj, &seed_obj, &offsets_obj, &low, &high, &out_obj)) return NULL;
    Py_buffer offsets = {0};
    int offsets_held = 0;
    int64_t seed[SB_MAX_NDIM];
    OUTPUT_BEGIN("image", "output", SB_DTYPE_BOOL)
    if (get_int64s(seed_obj, in.array.ndim, seed, "seed_point") != 0) goto done;
    if (PyObject_GetBuffer(offsets_obj, &offsets, PyBUF_C_CONTIGUOUS) != 0) goto done;
    offsets_held = 1;
    CALL_ENGINE(sb_flood(&in.array, seed, (const int64_t *)offsets.buf, (int64_t)(offsets.len / 8 / in.array.ndim),
                         low, high, &out.array))
done:
    if (offsets_held) PyBuffer_Release(&offsets);
    release_array(&in);
    release_array(&out);
    return result;
}

/* ---- peaks ------------------------------------------------------------------ */

/* peak_local_max(image, labels|None, min_distance, threshold, border(tuple), num_peaks,
 *                num_peaks_per_label, p_norm, lowest, footprint|None, coordinates(int64 array)) -> count */
static PyObject *py_peak_local_max(PyObject *self, PyObject *args) {
    PyObject *in_obj, *labels_obj, *border_obj, *footprint_obj, *coords_obj;
    sb_peak_options o = {0};
    long long min_distance, num_peaks, per_label;
    if (!PyArg_ParseTuple(args, "OOLdOLLddOO", &in_obj, &labels_obj, &min_distance, &o.threshold, &border_obj,
                          &num_peaks, &per_label, &o.p_norm, &o.lowest, &footprint_obj, &coords_obj))
        return NULL;
    o.min_distance = min_distance; o.num_peaks = num_peaks; o.num_peaks_per_label = per_label;
    array_arg in = ARRAY_ARG_INIT, labels = ARRAY_ARG_INIT, footprint = ARRAY_ARG_INIT;
    Py_buffer coords = {0};
    int coords_held = 0;
    PyObject *result = NULL;
    int64_t count = 0;
    int32_t status;
    if (get_array(in_obj, "image", 0, &in) != 0) goto done;
    if (labels_obj != Py_None && get_array(labels_obj, "labels", 0, &labels) != 0) goto done;
    if (get_int64s(border_obj, in.array.ndim, o.border, "exclude_border") != 0) goto done;
    if (footprint_obj != Py_None) {
        if (get_array(footprint_obj, "footprint", 0, &footprint) != 0) goto done;
        if (footprint.array.dtype != SB_DTYPE_BOOL || footprint.array.ndim != in.array.ndim) {
            PyErr_SetString(PyExc_ValueError, "footprint must be bool with the image's ndim");
            goto done;
        }
        o.footprint = (const uint8_t *)footprint.array.data;
        memcpy(o.footprint_shape, footprint.array.shape, sizeof(o.footprint_shape));
    }
    if (PyObject_GetBuffer(coords_obj, &coords, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    coords_held = 1;
    Py_BEGIN_ALLOW_THREADS
    status = sb_peak_local_max(&in.array, labels_obj == Py_None ? NULL : &labels.array, &o, (int64_t *)coords.buf,
                               (int64_t)(coords.len / 8 / in.array.ndim), &count);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = PyLong_FromLongLong(count);
done:
    if (coords_held) PyBuffer_Release(&coords);
    release_array(&in);
    release_array(&labels);
    release_array(&footprint);
    return result;
}

/* ---- histograms ------------------------------------------------------------ */

static PyObject *py_min_max(PyObject *self, PyObject *args) {
    PyObject *in_obj;
    if (!PyArg_ParseTuple(args, "O", &in_obj)) return NULL;
    array_arg in = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    double lo = 0, hi = 0;
    int32_t status;
    if (get_array(in_obj, "image", 0, &in) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_min_max(&in.array, &lo, &hi);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = Py_BuildValue("(dd)", lo, hi);
done:
    release_array(&in);
    return result;
}

/* histogram(image, counts, low, high) for integers; histogram(image, counts, edges) for uniform bins. */
static PyObject *py_histogram(PyObject *self, PyObject *args) {
    PyObject *in_obj, *counts_obj, *edges_obj = NULL;
    long long low = 0, high = 0;
    if (!PyArg_ParseTuple(args, "OO|LL", &in_obj, &counts_obj, &low, &high)) {
        PyErr_Clear();
        if (!PyArg_ParseTuple(args, "OOO", &in_obj, &counts_obj, &edges_obj)) return NULL;
    }
    array_arg in = ARRAY_ARG_INIT;
    Py_buffer counts = {0}, edges = {0};
    int counts_held = 0, edges_held = 0;
    PyObject *result = NULL;
    int32_t status;
    if (get_array(in_obj, "image", 0, &in) != 0) goto done;
    if (PyObject_GetBuffer(counts_obj, &counts, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) goto done;
    counts_held = 1;
    if (edges_obj) {
        if (PyObject_GetBuffer(edges_obj, &edges, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) goto done;
        edges_held = 1;
        int dtype = dtype_of(edges.format ? edges.format : "B", edges.itemsize);
        Py_ssize_t nedges = edges.len / (edges.itemsize ? edges.itemsize : 1);
        if ((dtype != SB_DTYPE_FLOAT32 && dtype != SB_DTYPE_FLOAT64) || counts.len != (nedges - 1) * 8) {
            PyErr_SetString(PyExc_ValueError, "edges must be float32/float64 and counts hold one int64 per bin");
            goto done;
        }
        Py_BEGIN_ALLOW_THREADS
        status = sb_histogram_uniform(&in.array, edges.buf, dtype, (int64_t)nedges, (int64_t *)counts.buf);
        Py_END_ALLOW_THREADS
    } else {
        if (high < low || counts.len != (high - low + 1) * 8) {
            PyErr_SetString(PyExc_ValueError, "counts must hold one int64 per value in low..high");
            goto done;
        }
        Py_BEGIN_ALLOW_THREADS
        status = sb_histogram_integer(&in.array, (int64_t)low, (int64_t)high, (int64_t *)counts.buf);
        Py_END_ALLOW_THREADS
    }
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(counts_obj);
    result = counts_obj;
done:
    if (counts_held) PyBuffer_Release(&counts);
    if (edges_held) PyBuffer_Release(&edges);
    release_array(&in);
    return result;
}

static PyObject *py_split_means(PyObject *self, PyObject *args) {
    PyObject *in_obj;
    double threshold, offset;
    if (!PyArg_ParseTuple(args, "Odd", &in_obj, &threshold, &offset)) return NULL;
    array_arg in = ARRAY_ARG_INIT;
    PyObject *result = NULL;
    double sums[4];
    int32_t status;
    if (get_array(in_obj, "image", 0, &in) != 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sb_split_means(&in.array, threshold, offset, sums);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = Py_BuildValue("(dLdL)", sums[0], (long long)sums[1], sums[2], (long long)sums[3]);
done:
    release_array(&in);
    return result;
}

static PyObject *py_multiotsu(PyObject *self, PyObject *args) {
    PyObject *prob_obj;
    int count;
    if (!PyArg_ParseTuple(args, "Oi", &prob_obj, &count)) return NULL;
    Py_buffer prob = {0};
    PyObject *result = NULL;
    int64_t *indices = NULL;
    int32_t status;
    if (PyObject_GetBuffer(prob_obj, &prob, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) return NULL;
    if (dtype_of(prob.format ? prob.format : "B", prob.itemsize) != SB_DTYPE_FLOAT32 || count < 1) {
        PyErr_SetString(PyExc_ValueError, "probabilities must be float32 and count >= 1");
        goto done;
    }
    indices = PyMem_Malloc(sizeof(int64_t) * count);
    if (!indices) { PyErr_NoMemory(); goto done; }
    Py_BEGIN_ALLOW_THREADS
    status = sb_multiotsu((const float *)prob.buf, (int64_t)(prob.len / 4), count, indices);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    result = PyTuple_New(count);
    for (int i = 0; result && i < count; i++) PyTuple_SET_ITEM(result, i, PyLong_FromLongLong(indices[i]));
done:
    PyMem_Free(indices);
    PyBuffer_Release(&prob);
    return result;
}

/* ---- TIFF ---------------------------------------------------------------- */

static PyObject *shape_tuple(const int64_t *shape, int ndim) {
    PyObject *t = PyTuple_New(ndim);
    for (int i = 0; t && i < ndim; i++) PyTuple_SET_ITEM(t, i, PyLong_FromLongLong(shape[i]));
    return t;
}

static PyObject *number_or_none(double value) {
    if (value != value) Py_RETURN_NONE;
    return PyFloat_FromDouble(value);
}

static PyObject *py_tiff_info(PyObject *self, PyObject *args) {
    PyObject *path = NULL;
    long long page = 0;
    if (!PyArg_ParseTuple(args, "O&|L", PyUnicode_FSConverter, &path, &page)) return NULL;
    sb_tiff_metadata info;
    int32_t status;
    const char *cpath = PyBytes_AS_STRING(path);
    Py_BEGIN_ALLOW_THREADS
    status = sb_tiff_info(cpath, (int64_t)page, &info);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    if (status != SB_OK) return raise_status(status);
    return Py_BuildValue(
        "{s:N,s:s,s:s,s:N,s:L,s:L,s:(NNN),s:s,s:i,s:O,s:O,s:O,s:O}",
        "shape", shape_tuple(info.shape, info.ndim), "axes", info.axes, "dtype", info.dtype,
        "page_shape", shape_tuple(info.page_shape, info.page_ndim), "pages", (long long)info.pages,
        "image_pages", (long long)info.image_pages,
        "spacing_xyz", number_or_none(info.spacing[0]), number_or_none(info.spacing[1]),
        number_or_none(info.spacing[2]), "unit", info.unit, "compression", info.compression,
        "bigtiff", info.bigtiff ? Py_True : Py_False, "imagej", info.imagej ? Py_True : Py_False,
        "ome", info.ome ? Py_True : Py_False, "tiled", info.tiled ? Py_True : Py_False);
}

static PyObject *py_tiff_read(PyObject *self, PyObject *args) {
    PyObject *path = NULL, *pages_obj, *out_obj;
    if (!PyArg_ParseTuple(args, "O&OO", PyUnicode_FSConverter, &path, &pages_obj, &out_obj)) return NULL;
    PyObject *result = NULL, *fast = NULL;
    Py_buffer out = {0};
    int out_held = 0;
    int64_t *pages = NULL;
    if (PyObject_GetBuffer(out_obj, &out, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) != 0) {
        PyErr_Clear();
        PyErr_SetString(PyExc_ValueError, "output must be a C-contiguous, writable array");
        goto done;
    }
    out_held = 1;
    fast = PySequence_Fast(pages_obj, "pages must be a sequence");
    if (!fast) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    pages = PyMem_Malloc(sizeof(int64_t) * (n > 0 ? n : 1));
    if (!pages) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < n; i++) {
        pages[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (pages[i] == -1 && PyErr_Occurred()) goto done;
    }
    const char *cpath = PyBytes_AS_STRING(path);
    int32_t status;
    Py_BEGIN_ALLOW_THREADS
    status = sb_tiff_read(cpath, pages, (int64_t)n, out.buf, (int64_t)out.len);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(out_obj);
    result = out_obj;
done:
    PyMem_Free(pages);
    Py_XDECREF(fast);
    if (out_held) PyBuffer_Release(&out);
    Py_XDECREF(path);
    return result;
}

static PyObject *py_tiff_write(PyObject *self, PyObject *args) {
    PyObject *path = NULL, *data_obj, *spacing_obj, *unit_obj, *tile_obj;
    const char *dtype, *axes;
    sb_tiff_write_options options = {0};
    if (!PyArg_ParseTuple(args, "O&OssiiOOiO", PyUnicode_FSConverter, &path, &data_obj, &dtype, &axes,
                          &options.compression, &options.imagej, &spacing_obj, &unit_obj, &options.bigtiff, &tile_obj))
        return NULL;
    PyObject *result = NULL;
    Py_buffer data = {0};
    int data_held = 0;
    int64_t shape[SB_TIFF_MAX_NDIM];
    options.axes = axes;
    if (spacing_obj != Py_None) {
        if (get_doubles(spacing_obj, 3, options.spacing, "spacing") != 0) goto done;
        options.has_spacing = 1;
    }
    if (unit_obj != Py_None) {
        options.unit = PyUnicode_AsUTF8(unit_obj);
        if (!options.unit) goto done;
    }
    if (tile_obj != Py_None) {
        int64_t tile[2];
        if (get_int64s(tile_obj, 2, tile, "tile") != 0) goto done;
        if (tile[0] <= 0 || tile[1] <= 0 || tile[0] > INT32_MAX || tile[1] > INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "tile sizes must be positive");
            goto done;
        }
        options.tile[0] = (int32_t)tile[0];
        options.tile[1] = (int32_t)tile[1];
    }
    if (PyObject_GetBuffer(data_obj, &data, PyBUF_C_CONTIGUOUS | PyBUF_ND) != 0) {
        PyErr_Clear();
        PyErr_SetString(PyExc_ValueError, "data must be a C-contiguous array");
        goto done;
    }
    data_held = 1;
    if (data.ndim < 2 || data.ndim > SB_TIFF_MAX_NDIM) {
        PyErr_Format(PyExc_ValueError, "data must have 2 to %d dimensions", SB_TIFF_MAX_NDIM);
        goto done;
    }
    for (int i = 0; i < data.ndim; i++) shape[i] = (int64_t)data.shape[i];
    const char *cpath = PyBytes_AS_STRING(path);
    int32_t status;
    Py_BEGIN_ALLOW_THREADS
    status = sb_tiff_write(cpath, data.buf, dtype, data.ndim, shape, &options);
    Py_END_ALLOW_THREADS
    if (status != SB_OK) { raise_status(status); goto done; }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (data_held) PyBuffer_Release(&data);
    Py_XDECREF(path);
    return result;
}

/* ---- module ------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"abi_version", py_abi_version, METH_NOARGS, "ABI version of the loaded engine."},
    {"set_num_threads", py_set_num_threads, METH_VARARGS, "set_num_threads(n)"},
    {"get_num_threads", py_get_num_threads, METH_NOARGS, "get_num_threads()"},
    {"correlate", py_correlate, METH_VARARGS, "correlate(input, output, weights, origin, mode, cval)"},
    {"correlate1d", py_correlate1d, METH_VARARGS, "correlate1d(input, output, weights, axis, origin, mode, cval)"},
    {"gaussian", py_gaussian, METH_VARARGS, "gaussian(input, output, sigma, order, truncate, mode, cval)"},
    {"uniform", py_uniform, METH_VARARGS, "uniform(input, output, size, origin, mode, cval)"},
    {"rank_filter", py_rank_filter, METH_VARARGS, "rank_filter(input, output, footprint, rank, mode, cval)"},
    {"edge", py_edge, METH_VARARGS, "edge(input, output, op, axis, mode, cval)"},
    {"laplace", py_laplace, METH_VARARGS, "laplace(input, output, mode, cval)"},
    {"gaussian_laplace", py_gaussian_laplace, METH_VARARGS,
     "gaussian_laplace(input, output, sigma, truncate, mode, cval)"},
    {"gaussian_gradient_magnitude", py_gaussian_gradient_magnitude, METH_VARARGS,
     "gaussian_gradient_magnitude(input, output, sigma, truncate, mode, cval)"},
    {"unsharp_mask", py_unsharp_mask, METH_VARARGS, "unsharp_mask(input, output, radius, amount, truncate, mode, cval)"},
    {"label", py_label, METH_VARARGS, "label(input, output, background, connectivity) -> count"},
    {"distance_transform", py_distance_transform, METH_VARARGS, "distance_transform(input, distances, sampling)"},
    {"feature_transform", py_feature_transform, METH_VARARGS,
     "feature_transform(input, indices, distances_or_None, sampling)"},
    {"find_objects", py_find_objects, METH_VARARGS, "find_objects(labels, max_label, boxes)"},
    {"regionprops", py_regionprops, METH_VARARGS, "regionprops(labels, intensity, spacing, request) -> table"},
    {"table_shape", py_table_shape, METH_VARARGS, "table_shape(table, group) -> (rows, width)"},
    {"table_copy", py_table_copy, METH_VARARGS, "table_copy(table, group, out)"},
    {"remove_small_regions", py_remove_small_regions, METH_VARARGS,
     "remove_small_regions(labels, output, max_size) -> max_label"},
    {"remove_small_components", py_remove_small_components, METH_VARARGS,
     "remove_small_components(mask, output, max_size, connectivity)"},
    {"label_lookup", py_label_lookup, METH_VARARGS, "label_lookup(labels, table, output)"},
    {"label_overlap", py_label_overlap, METH_VARARGS, "label_overlap(y_true, y_pred) -> table"},
    {"max_weight_matching", py_max_weight_matching, METH_VARARGS,
     "max_weight_matching(left_count, right_count, left, right, weight, match)"},
    {"mesh_surface_area", py_mesh_surface_area, METH_VARARGS, "mesh_surface_area(vertices, faces) -> float"},
    {"marching_cubes", py_marching_cubes, METH_VARARGS,
     "marching_cubes(volume, mask, level, step, descent, classic) -> (mesh capsule, vertex count, face count)"},
    {"mesh_copy", py_mesh_copy, METH_VARARGS, "mesh_copy(mesh, vertices, faces, normals, values)"},
    {"degenerate_faces", py_degenerate_faces, METH_VARARGS, "degenerate_faces(vertices, faces, vertex_map, face_kept)"},
    {"watershed", py_watershed, METH_VARARGS, "watershed(image, labels, mask, connectivity, compactness, line)"},
    {"extremum_filter", py_extremum_filter, METH_VARARGS, "extremum_filter(input, output, footprint, minimum, mode, cval)"},
    {"regional_minima", py_regional_minima, METH_VARARGS, "regional_minima(image, output, connectivity)"},
    {"flood", py_flood, METH_VARARGS, "flood(image, seed, offsets, low, high, output)"},
    {"peak_local_max", py_peak_local_max, METH_VARARGS, "peak_local_max(...) -> count"},
    {"min_max", py_min_max, METH_VARARGS, "min_max(image) -> (min, max)"},
    {"histogram", py_histogram, METH_VARARGS, "histogram(image, counts, low, high) or (image, counts, edges)"},
    {"split_means", py_split_means, METH_VARARGS, "split_means(image, threshold, offset) -> sums"},
    {"multiotsu", py_multiotsu, METH_VARARGS, "multiotsu(float32 probabilities, count) -> indices"},
    {"tiff_info", py_tiff_info, METH_VARARGS, "tiff_info(path) -> dict"},
    {"tiff_read", py_tiff_read, METH_VARARGS, "tiff_read(path, pages, output)"},
    {"tiff_write", py_tiff_write, METH_VARARGS,
     "tiff_write(path, data, dtype, axes, compression, imagej, spacing_xyz, unit, bigtiff, tile)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "swiftbio._core", "Private bindings of the swiftbio engine (swiftbio.h).", -1, methods,
};

PyMODINIT_FUNC PyInit__core(void) {
    if (sb_abi_version() != SB_ABI_VERSION) {
        PyErr_Format(PyExc_ImportError, "swiftbio engine ABI %d does not match the extension's %d: reinstall swiftbio",
                     sb_abi_version(), SB_ABI_VERSION);
        return NULL;
    }
    return PyModule_Create(&module);
}
