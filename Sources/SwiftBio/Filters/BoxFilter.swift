/// Mean over a box of `size` pixels per caller axis by running sums, as
/// scipy's `uniform_filter1d` computes it (a sum in double precision,
/// updated by the pixel entering and the one leaving): O(1) per pixel
/// whatever the box. Used for boxes of 16 pixels or more along some axis
/// (a 51-wide mean took 29 ms through 51-tap passes on 2048² float32).
///
/// Passes run width, height, depth; the height and depth passes keep one
/// row of sums per worker and walk down columns of rows, so the inner loop
/// runs along contiguous memory. Not for a non-zero constant border (scipy
/// pads each pass's own input there; `separableFilter` follows that order).
@inlinable
func boxFilter<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, size: [Int], mode: BoundaryMode, cval: Double
) throws {
    let shape = input.shape
    let engineSize = (shape.rank == 2 ? [1] : []) + size
    if engineSize[0] == 1 {
        // A box within planes: both passes fused.
        return boxFilterPlanes(input, into: output, height: engineSize[1], width: engineSize[2], mode: mode)
    }
    let cross = [1, 0].filter { engineSize[$0] > 1 }
    // Passes alternate between output and scratch so that the last lands in output.
    var scratch: ImageBuffer<T>? = cross.count % 2 == 1 ? try ImageBuffer<T>(shape: shape) : nil
    var destination = scratch?.view ?? output
    // Width: running sums along extended rows, four rows interleaved so that
    // four independent additions hide each other's latency.
    let w = engineSize[2], n = shape.width
    Parallel.forEachChunk(of: (shape.rowCount + 3) / 4, workPerItem: n * 8) { groups in
        let lines = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (n + w))
        defer { lines.deallocate() }
        let scale = 1 / Double(w)
        for g in groups {
            let first = 4 * g, count = min(4, shape.rowCount - first)
            guard w > 1 else {
                for r in first..<(first + count) { for x in 0..<n { destination.row(r)[x] = T.convert(input.row(r)[x]) } }
                continue
            }
            var sums = SIMD4<Double>()
            for k in 0..<count {
                let line = lines + k * (n + w)
                mode.extendLine(input.row(first + k), count: n, from: -(w / 2), to: n + (w - 1 - w / 2), cval: cval, into: line)
                for j in 0..<w { sums[k] += line[j] }
                destination.row(first + k)[0] = T(sums[k] * scale)
            }
            for x in 1..<max(n, 1) {
                for k in 0..<4 where k < count {
                    let line = lines + k * (n + w)
                    sums[k] += line[x + w - 1] - line[x - 1]
                    destination.row(first + k)[x] = T(sums[k] * scale)
                }
            }
        }
    }
    for axis in cross {
        let source = destination.readOnly
        if source.base == UnsafePointer(output.base) {
            if scratch == nil { scratch = try ImageBuffer<T>(shape: shape) }
            destination = scratch!.view
        } else {
            destination = output
        }
        withExtendedLifetime(scratch) {}
        _runningSumAcrossRows(source, into: destination, axis: axis, size: engineSize[axis], mode: mode, cval: cval)
    }
    withExtendedLifetime(scratch) {}
}

/// Box means along engine axis 0 (depth) or 1 (height): per worker, a
/// row of double sums carried down each column of rows.
@inlinable
func _runningSumAcrossRows<T: FilterScalar>(
    _ src: ImageView<T>, into dst: MutableImageView<T>, axis: Int, size: Int, mode: BoundaryMode, cval: Double
) {
    let shape = src.shape, width = shape.width
    let n = axis == 0 ? shape.depth : shape.height
    let rowStep = axis == 0 ? shape.height : 1
    let columns = axis == 0 ? shape.height : shape.depth   // independent columns of rows
    let before = size / 2, scale = 1 / Double(size)
    let strip = 512, strips = (width + strip - 1) / strip
    Parallel.forEachChunk(of: columns * strips, workPerItem: strip * n * 2) { items in
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: strip)
        defer { sums.deallocate() }
        for item in items {
            let column = item / strips, x0 = item % strips * strip, m = min(strip, width - x0)
            let firstRow = axis == 0 ? column : column * shape.height
            /// Row of position `p` along the axis (nil: the constant border).
            func row(_ p: Int) -> UnsafePointer<T>? {
                mode.sourceIndex(p, count: n).map { src.row(firstRow + $0 * rowStep) + x0 }
            }
            sums.update(repeating: 0, count: m)
            for k in 0..<size {
                if let r = row(k - before) { for x in 0..<m { sums[x] += r[x].asDouble } } else { for x in 0..<m { sums[x] += cval } }
            }
            for p in 0..<n {
                let out = dst.row(firstRow + p * rowStep) + x0
                for x in 0..<m { out[x] = T(sums[x] * scale) }
                guard p + 1 < n else { break }
                let entering = row(p + 1 + size - 1 - before), leaving = row(p - before)
                for x in 0..<m {
                    sums[x] += (entering.map { $0[x].asDouble } ?? cval) - (leaving.map { $0[x].asDouble } ?? cval)
                }
            }
        }
    }
}
