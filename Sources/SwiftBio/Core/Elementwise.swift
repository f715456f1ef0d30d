/// `image[i] = f(image[i])` for every pixel, in parallel.
@inlinable
func updatePixels<T>(_ image: MutableImageView<T>, _ f: (T) -> T) {
    let n = image.shape.width
    Parallel.forEachChunk(of: image.shape.rowCount, workPerItem: n) { rows in
        for r in rows {
            let p = image.row(r)
            for i in 0..<n { p[i] = f(p[i]) }
        }
    }
}

/// `image[i] = f(image[i], other[i])` for every pixel, in parallel.
@inlinable
func combinePixels<T, U>(_ image: MutableImageView<T>, _ other: MutableImageView<U>, _ f: (T, U) -> T) {
    let n = image.shape.width
    Parallel.forEachChunk(of: image.shape.rowCount, workPerItem: n) { rows in
        for r in rows {
            let p = image.row(r), q = other.row(r)
            for i in 0..<n { p[i] = f(p[i], q[i]) }
        }
    }
}
