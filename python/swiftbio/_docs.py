"""Shared docstring fragments (as scipy.ndimage's docfiller): a parameter
is documented once and substituted into every function that takes it."""

FRAGMENTS = {
    "image": """image : ndarray, 2D or 3D
        Input image: bool, uint8, uint16, int32, uint32, float32 or float64.
        Never modified.""",
    "mode": """mode : {'reflect', 'mirror', 'nearest', 'constant', 'wrap'}, optional
        How the image is extended beyond its border, as in scipy.ndimage
        (for ``abcd``): ``reflect`` ``dcba|abcd|dcba``, ``mirror``
        ``dcb|abcd|cba``, ``nearest`` ``aaaa|abcd|dddd``, ``constant``
        ``kkkk|abcd|kkkk`` (k = `cval`), ``wrap`` ``abcd|abcd|abcd``.
        Default is 'reflect'.""",
    "cval": """cval : float, optional
        Value beyond the border when ``mode='constant'``. Default 0.""",
    "out": """out : ndarray, optional
        Where to write the result: float32 or float64 (the precision of
        the computation), the image's shape, C-contiguous and writable.
        It is returned. May be the input itself.""",
    "result": """result : ndarray
        Filtered image, float64 for float64 input and float32 otherwise
        (or `out`'s dtype).""",
    "truncate": """truncate : float, optional
        Kernel radius in standard deviations: ``int(truncate * sigma + 0.5)``.
        Default 4.0.""",
}


def docfiller(function):
    """Substitutes ``%(name)s`` fragments into `function`'s docstring."""
    if function.__doc__:
        function.__doc__ = function.__doc__ % FRAGMENTS
    return function
