/*
 * swiftbio.h — the C ABI of the swiftbio engine.
 *
 * Every function returns an sb_status. On failure, sb_last_error() returns
 * a message for the calling thread (valid until its next swiftbio call).
 * Arrays are C-contiguous, described by sb_array; the callee never keeps a
 * pointer after it returns. Per-axis parameters are given in the array's
 * axis order and have `ndim` entries.
 */
#ifndef SWIFTBIO_H
#define SWIFTBIO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or struct below changes. */
#define SB_ABI_VERSION 6
#define SB_MAX_NDIM 3

typedef enum {
    SB_OK = 0,
    SB_ERR_VALUE = 1,   /* bad argument value or shape -> ValueError */
    SB_ERR_TYPE = 2,    /* unsupported dtype           -> TypeError */
    SB_ERR_MEMORY = 3,  /* allocation failed           -> MemoryError */
    SB_ERR_IO = 4,      /* file or system error        -> OSError */
    SB_ERR_INTERNAL = 5
} sb_status;

typedef enum {
    SB_DTYPE_BOOL = 0,
    SB_DTYPE_UINT8 = 1,
    SB_DTYPE_UINT16 = 2,
    SB_DTYPE_INT32 = 3,
    SB_DTYPE_UINT32 = 4,
    SB_DTYPE_FLOAT32 = 5,
    SB_DTYPE_FLOAT64 = 6
} sb_dtype;

/* Boundary modes, scipy.ndimage's semantics. */
typedef enum {
    SB_MODE_REFLECT = 0,  /* d c b a | a b c d | d c b a */
    SB_MODE_MIRROR = 1,   /*   d c b | a b c d | c b a   */
    SB_MODE_NEAREST = 2,  /* a a a a | a b c d | d d d d */
    SB_MODE_CONSTANT = 3, /* k k k k | a b c d | k k k k */
    SB_MODE_WRAP = 4      /* a b c d | a b c d | a b c d */
} sb_mode;

/* A C-contiguous array the caller owns. */
typedef struct {
    void *data;
    int32_t dtype;                /* an sb_dtype */
    int32_t ndim;
    int64_t shape[SB_MAX_NDIM];   /* the first ndim entries are used */
} sb_array;

/* ---- library ---------------------------------------------------------- */
int32_t sb_abi_version(void);
const char *sb_last_error(void);
/* Threads a kernel may use; n <= 0 restores the default (all cores). */
int32_t sb_set_num_threads(int32_t n);
int32_t sb_get_num_threads(void);

/* ---- linear filters ----------------------------------------------------
 * `input`: 2D or 3D, any sb_dtype. `output`: same shape, FLOAT32 or
 * FLOAT64; it is also the precision of the computation. `mode`: sb_mode. */

/* scipy.ndimage.correlate; `weights` FLOAT64 of input's ndim, `origin` ndim entries. */
int32_t sb_correlate(const sb_array *input, sb_array *output, const sb_array *weights,
                     const int64_t *origin, int32_t mode, double cval);
/* scipy.ndimage.correlate1d along `axis`. */
int32_t sb_correlate1d(const sb_array *input, sb_array *output, const double *weights,
                       int64_t size, int32_t axis, int64_t origin, int32_t mode, double cval);
/* scipy.ndimage.gaussian_filter; `sigma` and `order` have ndim entries. */
int32_t sb_gaussian(const sb_array *input, sb_array *output, const double *sigma,
                    const int32_t *order, double truncate, int32_t mode, double cval);
/* scipy.ndimage.uniform_filter; `size` and `origin` have ndim entries. */
int32_t sb_uniform(const sb_array *input, sb_array *output, const int64_t *size,
                   const int64_t *origin, int32_t mode, double cval);
/* scipy.ndimage.sobel/prewitt along `axis`, or the gradient magnitude if axis < 0.
 * `op`: 0 = Sobel, 1 = Prewitt. */
int32_t sb_edge(const sb_array *input, sb_array *output, int32_t op, int32_t axis,
                int32_t mode, double cval);
/* scipy.ndimage.laplace. */
int32_t sb_laplace(const sb_array *input, sb_array *output, int32_t mode, double cval);
/* scipy.ndimage.gaussian_laplace; `sigma` has ndim entries. */
int32_t sb_gaussian_laplace(const sb_array *input, sb_array *output, const double *sigma,
                            double truncate, int32_t mode, double cval);
/* scipy.ndimage.gaussian_gradient_magnitude; `sigma` has ndim entries. */
int32_t sb_gaussian_gradient_magnitude(const sb_array *input, sb_array *output,
                                       const double *sigma, double truncate,
                                       int32_t mode, double cval);
/* skimage.filters.unsharp_mask(preserve_range=True); `radius` has ndim entries. */
int32_t sb_unsharp_mask(const sb_array *input, sb_array *output, const double *radius,
                        double amount, double truncate, int32_t mode, double cval);

/* scipy.ndimage.rank_filter over a footprint (as in sb_extremum_filter);
 * `rank` counts from 0 (median: ones // 2). `output`: the input's dtype,
 * FLOAT32 or FLOAT64. */
int32_t sb_rank_filter(const sb_array *input, sb_array *output, const uint8_t *footprint,
                       const int64_t *footprint_shape, int64_t rank, int32_t mode, double cval);

/* Minimum (minimum != 0) or maximum over a footprint (scipy.ndimage
 * minimum_filter/maximum_filter with footprint=; grey erosion/dilation):
 * `footprint` holds the product of `footprint_shape` (ndim entries)
 * bytes, nonzero = in; `output` has the input's dtype. */
int32_t sb_extremum_filter(const sb_array *input, sb_array *output, const uint8_t *footprint,
                           const int64_t *footprint_shape, int32_t minimum, int32_t mode, double cval);

/* ---- labeling and distances ------------------------------------------- */

/* skimage.measure.label: `input` bool or integer; `output` INT32 or UINT32;
 * pixels equal to `background` are background; connectivity 1..ndim. */
int32_t sb_label(const sb_array *input, sb_array *output, double background, int32_t connectivity,
                 int64_t *count);
/* scipy.ndimage.distance_transform_edt distances; `output` FLOAT64; `sampling` ndim values. */
int32_t sb_distance_transform(const sb_array *input, sb_array *output, const double *sampling);
/* ...with return_indices: `features` holds ndim * size int32 (scipy's indices
 * array); `distances` (FLOAT64) may be NULL. */
int32_t sb_feature_transform(const sb_array *input, int32_t *features, int64_t feature_count,
                             sb_array *distances, const double *sampling);
/* scipy.ndimage.find_objects: `boxes` holds max_label * ndim (start, stop)
 * pairs; -1 for absent labels. */
int32_t sb_find_objects(const sb_array *labels, int64_t max_label, int64_t *boxes);

/* ---- watershed and region growing ------------------------------------------ */

/* skimage.segmentation.watershed: `image` FLOAT64; `markers` INT32; the
 * basins go to `labels` INT32 (which may be `markers`: flooded in place);
 * `mask` BOOL or NULL. */
int32_t sb_watershed(const sb_array *image, const sb_array *markers, sb_array *labels, const sb_array *mask,
                     int32_t connectivity, double compactness, int32_t watershed_line);
/* skimage.morphology.local_minima: `image` FLOAT64, `output` BOOL. */
int32_t sb_regional_minima(const sb_array *image, sb_array *output, int32_t connectivity);
/* skimage.morphology.flood: `seed` ndim coordinates; `offsets` noffsets x
 * ndim neighbour deltas; pixels in low..high; `output` BOOL. */
int32_t sb_flood(const sb_array *image, const int64_t *seed, const int64_t *offsets, int64_t noffsets,
                 double low, double high, sb_array *output);

/* ---- peaks ----------------------------------------------------------------- */

typedef struct {
    int64_t min_distance;
    double threshold;            /* peaks are strictly above it */
    int64_t border[SB_MAX_NDIM]; /* excluded width per axis */
    int64_t num_peaks;           /* INT64_MAX for no limit */
    int64_t num_peaks_per_label;
    double p_norm;               /* INFINITY for Chebyshev */
    double lowest;               /* the image dtype's minimum (fills other objects) */
    const uint8_t *footprint;    /* NULL: box of side 2*min_distance+1 */
    int64_t footprint_shape[SB_MAX_NDIM];
} sb_peak_options;

/* skimage.feature.peak_local_max; `labels` INT32 or NULL. Writes up to
 * `capacity` peaks as ndim int64 coordinates each and the total in *count
 * (call again with more room if *count > capacity). */
int32_t sb_peak_local_max(const sb_array *image, const sb_array *labels, const sb_peak_options *options,
                          int64_t *coordinates, int64_t capacity, int64_t *count);

/* ---- result tables ----------------------------------------------------------
 * Kernels whose output sizes are known only when they finish return an
 * sb_table: numbered groups of row-major rows x width doubles. Free it with
 * sb_table_free. */
typedef struct sb_table sb_table;
/* Rows and width of `group` (width 0 when the kernel did not compute it). */
int32_t sb_table_shape(const sb_table *table, int32_t group, int64_t *rows, int64_t *width);
/* Copies `group` into `out` (rows * width doubles). */
int32_t sb_table_copy(const sb_table *table, int32_t group, double *out, int64_t count);
void sb_table_free(sb_table *table);

/* ---- region properties ------------------------------------------------------
 * Per-region measurements of a label image (labels UINT8, UINT16, INT32 or
 * UINT32, non-negative; 0 is background), one row per label in ascending
 * order. `intensity` may be NULL, else the labels' shape: UINT8, UINT16,
 * FLOAT32 or FLOAT64. `spacing`: ndim positive values. `request`:
 * SB_REGION_* bits. Groups SB_GROUP_*; their layouts are documented in
 * Sources/SwiftBio/Measure/Regions. */
enum {
    SB_REGION_MOMENTS = 1, SB_REGION_PERIMETER = 2, SB_REGION_EULER = 4, SB_REGION_CONVEX = 8
};
enum {
    SB_GROUP_LABELS = 0, SB_GROUP_SUMS = 1, SB_GROUP_MOMENTS = 2,
    SB_GROUP_PERIMETER = 3, SB_GROUP_EULER = 4, SB_GROUP_CONVEX = 5
};
int32_t sb_regionprops(const sb_array *labels, const sb_array *intensity, const double *spacing,
                       uint32_t request, sb_table **table);

/* skimage.morphology.remove_small_objects on a label image (UINT8, UINT16,
 * INT32 or UINT32): regions of at most `max_size` pixels become 0 in
 * `output` (the labels' shape and dtype). `max_label` receives the largest label. */
int32_t sb_remove_small_regions(const sb_array *labels, sb_array *output, int64_t max_size, int64_t *max_label);

/* remove_small_objects of a mask (nonzero = foreground, any integer dtype or
 * BOOL): components of at most `max_size` pixels (`connectivity` 1 ... ndim)
 * are dropped; `output` BOOL, the mask's shape. */
int32_t sb_remove_small_components(const sb_array *mask, sb_array *output, int64_t max_size, int32_t connectivity);

/* output[i] = table[labels[i]] (`output` BOOL or UINT8, the labels' shape;
 * labels UINT8, UINT16, INT32 or UINT32, each below `count`). */
int32_t sb_label_lookup(const sb_array *labels, const uint8_t *table, int64_t count, sb_array *output);

/* Surface area of a triangle mesh: `vertices` (V, 3) FLOAT32 or FLOAT64
 * coordinates, `faces` (F, 3) INT32 or UINT32 vertex indices in -V .. V - 1
 * (negative ones from the end; SB_ERR_VALUE otherwise); `*area` receives
 * the sum of the triangles' areas, in double precision. */
int32_t sb_mesh_surface_area(const sb_array *vertices, const sb_array *faces, double *area);

/* Marching cubes (Lewiner et al. 2003, as skimage.measure.marching_cubes):
 * the iso-surface of a 3D `volume` (any dtype, read as float32) at `level`
 * (`has_level` 0: the mean of its float32 min and max), every `step`-th
 * voxel, skipping cubes whose far corner is 0 in `mask` (NULL, or BOOL or
 * UINT8 of the volume's shape); `descent` winds faces as gradient_direction
 * 'descent'; `classic` uses the Lorensen-Cline table (method 'lorensen'). `*mesh` receives the mesh (free it with sb_mesh_free) and its
 * vertex and face counts; sb_mesh_copy writes (V, 3) FLOAT32 (z, y, x)
 * vertices and unit normals, (F, 3) INT32 faces and V FLOAT32 values (the
 * counts passed must be the mesh's). */
typedef struct sb_mesh sb_mesh;
int32_t sb_marching_cubes(const sb_array *volume, const sb_array *mask, double level, int32_t has_level,
                          int64_t step, int32_t descent, int32_t classic, sb_mesh **mesh, int64_t *vertex_count,
                          int64_t *face_count);
int32_t sb_mesh_copy(const sb_mesh *mesh, float *vertices, int64_t vertex_count, int32_t *faces, int64_t face_count,
                     float *normals, float *values);
void sb_mesh_free(sb_mesh *mesh);
/* The bookkeeping of marching_cubes(allow_degenerate=False): faces (F, 3)
 * INT32 visited in order; one with two vertices (V, 3) FLOAT32 at one
 * position gets face_kept[f] = 0 and points both at the smaller of their
 * vertex_map entries (V entries, initially the identity). */
int32_t sb_degenerate_faces(const sb_array *vertices, const sb_array *faces, int32_t *vertex_map, uint8_t *face_kept);

/* ---- object matching ----------------------------------------------------------
 * Overlap of two label images of one shape and dtype (UINT8, UINT16, INT32
 * or UINT32): groups SB_GROUP_TRUE and SB_GROUP_PRED hold (label, pixels)
 * rows in ascending label order, SB_GROUP_PAIRS (true row, pred row, shared
 * pixels) for every overlapping pair of nonzero labels, sorted. */
enum { SB_GROUP_TRUE = 10, SB_GROUP_PRED = 11, SB_GROUP_PAIRS = 12 };
int32_t sb_label_overlap(const sb_array *y_true, const sb_array *y_pred, sb_table **table);
/* Maximum-weight matching of a bipartite graph with `edge_count` edges
 * (left[k], right[k], weight[k] > 0): match[i] is the right vertex matched
 * to left vertex i, or -1 (`match` has left_count entries). */
int32_t sb_max_weight_matching(int64_t left_count, int64_t right_count, int64_t edge_count, const int64_t *left,
                               const int64_t *right, const double *weight, int64_t *match);

/* ---- histograms ----------------------------------------------------------- */

/* Smallest and largest value; SB_ERR_VALUE for NaN or infinite pixels. */
int32_t sb_min_max(const sb_array *input, double *min, double *max);
/* Counts of each integer value low..high into counts[high - low + 1]. */
int32_t sb_histogram_integer(const sb_array *input, int64_t low, int64_t high, int64_t *counts);
/* numpy.histogram with uniform bins given by `nedges` edges of dtype
 * `edges_dtype` (FLOAT32 or FLOAT64) into counts[nedges - 1]. */
int32_t sb_histogram_uniform(const sb_array *input, const void *edges, int32_t edges_dtype, int64_t nedges,
                             int64_t *counts);
/* Sum and count of (pixel - offset) above / not above threshold:
 * sums = {above, count above, below, count below}. */
int32_t sb_split_means(const sb_array *input, double threshold, double offset, double *sums);

/* Multi-level Otsu: indices of `count` thresholds over `nbins` float32
 * bin probabilities, into indices[count]. */
int32_t sb_multiotsu(const float *probabilities, int64_t nbins, int32_t count, int64_t *indices);

/* ---- TIFF (libtiff) -------------------------------------------------------
 * Paths are UTF-8. Failures: SB_ERR_IO (file), SB_ERR_VALUE (content or
 * arguments), SB_ERR_TYPE (pixel type). */

#define SB_TIFF_MAX_NDIM 8

typedef struct {
    int32_t ndim;                      /* of the whole image */
    int64_t shape[SB_TIFF_MAX_NDIM];
    char axes[SB_TIFF_MAX_NDIM + 1];   /* T Z C I Q Y X S, NUL-terminated */
    char dtype[4];                     /* numpy code: b1 u1 i1 u2 i2 u4 i4 f4 f8 */
    int32_t page_ndim;                 /* 2, or 3 with samples */
    int64_t page_shape[3];
    int64_t pages;                     /* pages in the file */
    int64_t image_pages;               /* the first pages, which `shape` covers */
    double spacing[3];                 /* x, y, z; NaN where unknown */
    char unit[32];                     /* empty where unknown */
    int32_t compression;               /* TIFF Compression code of page 0 */
    int32_t bigtiff, imagej, ome, tiled;
} sb_tiff_metadata;

typedef struct {
    int32_t compression;   /* 1 none, 5 LZW, 8 Deflate, 32773 PackBits */
    int32_t imagej;
    int32_t has_spacing;
    double spacing[3];     /* x, y, z */
    const char *unit;      /* or NULL */
    const char *axes;      /* one letter per dimension, ending in YX or YXS */
    int32_t bigtiff;       /* -1 automatic, 0 no, 1 yes */
    int32_t tile[2];       /* height, width; 0 for strips */
} sb_tiff_write_options;

/* `page_shape` and `dtype` describe page `page` (the whole file: page 0). */
int32_t sb_tiff_info(const char *path, int64_t page, sb_tiff_metadata *info);
/* Decodes `npages` pages (file indices) into `data` (npages * page bytes). */
int32_t sb_tiff_read(const char *path, const int64_t *pages, int64_t npages, void *data, int64_t nbytes);
/* Writes `data` (C-contiguous, `dtype` numpy code, `ndim` dims of `shape`). */
int32_t sb_tiff_write(const char *path, const void *data, const char *dtype, int32_t ndim,
                      const int64_t *shape, const sb_tiff_write_options *options);

#ifdef __cplusplus
}
#endif
#endif /* SWIFTBIO_H */
