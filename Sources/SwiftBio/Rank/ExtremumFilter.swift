/// Minimum or maximum over a footprint (`scipy.ndimage.minimum_filter` /
/// `maximum_filter` with `footprint=`; grey erosion and dilation): output
/// pixel p is the extreme of `input[p + q − size / 2]` over the footprint's
/// offsets q, borders from `mode`, cval applied in double precision as
/// scipy does, the result cast back to the input's type.
///
/// A full box of more than 16 rows runs separably (`maximumFilter`); a
/// smaller box within planes by `boxExtremum` (integer images, and float
/// images without NaN). Any other footprint is cut into runs of ones along
/// the width (a disk of radius r: 2r + 1 runs). Each padded source row gets
/// a sparse table of extremes over windows of 2^k pixels (k ≤ log2 of the
/// longest run), kept while the output rows below reuse it; a run of length
/// L is the extreme of two overlapping windows of the table. Every pass is
/// a straight loop over a row that the compiler vectorises: log2(L) passes
/// per padded row, and the runs' windows combined four at a time.
///
/// Works in the image's own type for uint8, uint16 and bool (as bytes)
/// when cval is one of its values, so a vector holds 32-64 pixels; else in
/// Float where that is exact (float32), else in Double. Bool images with a
/// constant border (binary erosion and dilation) run 64 pixels to a word
/// (`packedBinaryExtremum`).
@inlinable
public func extremumFilter<P: PixelScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, rank = shape.rank
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(footprintShape.count == rank && footprintShape.allSatisfy { $0 >= 1 },
                "footprint must have the image's \(rank) dimensions, got shape \(footprintShape)")
    try require(footprint.count == footprintShape.reduce(1, *) && footprint.contains(true), "footprint must not be empty")
    if overlaps(image, output) {  // in place: every kernel below reads rows others have written
        return try withCopy(of: image) {
            try extremumFilter($0, into: output, footprintShape: footprintShape, footprint: footprint,
                               minimum: minimum, mode: mode, cval: cval)
        }
    }
    // scipy's bool buffers are bytes: a fractional extreme casts toward zero (max with cval 0.5 is False).
    let cval = P.dtype == .bool ? cval.rounded(.towardZero) : cval
    // The extreme is one of the input values or cval: work in the image's own type when cval is one
    // of its values (bool as bytes), else in Float where that is exact, else in Double.
    let fill = (mode == .constant && !cval.isNaN) ? cval : 0
    let size3 = (shape.rank == 2 ? [1] : []) + footprintShape
    if P.dtype == .bool && (fill == 0 || fill == 1), let i = image as? ImageView<Bool> {
        if mode == .constant && packedBinaryExtremum(
            i.rebound(to: UInt8.self), into: output.rebound(to: UInt8.self),
            size: size3, footprint: footprint, minimum: minimum, border: fill == 1
        ) { return }
        return try _extremumFilter(i.rebound(to: UInt8.self), into: output.rebound(to: UInt8.self),
                                   footprintShape: footprintShape, footprint: footprint, minimum: minimum,
                                   mode: mode, fill: UInt8(fill))
    }
    if let i = image as? ImageView<UInt8>, UInt8(exactly: fill) != nil {
        return try _extremumFilter(i, into: output.rebound(to: UInt8.self), footprintShape: footprintShape,
                                   footprint: footprint, minimum: minimum, mode: mode, fill: UInt8(fill))
    }
    if let i = image as? ImageView<UInt16>, UInt16(exactly: fill) != nil {
        return try _extremumFilter(i, into: output.rebound(to: UInt16.self), footprintShape: footprintShape,
                                   footprint: footprint, minimum: minimum, mode: mode, fill: UInt16(fill))
    }
    // Float images, full boxes within planes, no NaN (whose min/max is not scipy's): separable, in place.
    if !footprint.contains(false) && size3[0] == 1 && size3[1] <= 16 {
        func box<Q: PixelScalar & Comparable>(_: Q.Type, fill: Q) -> Bool {
            guard let i = image as? ImageView<Q>, Q.extrema(i.base, count: i.shape.count).finite else { return false }
            boxExtremum(i, into: output.rebound(to: Q.self), height: size3[1], width: size3[2], minimum: minimum,
                        mode: mode, fill: fill)
            return true
        }
        if P.dtype == .float64 && box(Double.self, fill: fill) { return }
        if P.dtype == .float32 && Double(Float(fill)) == fill && box(Float.self, fill: Float(fill)) { return }
    }
    if (P.dtype == .float32 || P.dtype == .bool) && (mode != .constant || Double(Float(cval)) == cval || cval.isNaN) {
        try _extremumFilter(image, into: output, footprintShape: footprintShape, footprint: footprint,
                            minimum: minimum, mode: mode, cval: cval, working: Float.self)
    } else {
        try _extremumFilter(image, into: output, footprintShape: footprintShape, footprint: footprint,
                            minimum: minimum, mode: mode, cval: cval, working: Double.self)
    }
}

/// In a floating-point working type `W` (which holds the input's values
/// exactly), `cval` as scipy applies it.
@inlinable
func _extremumFilter<P: PixelScalar, W: FilterScalar & _ExtremumScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, cval: Double, working: W.Type
) throws {
    let shape = image.shape
    if !footprint.contains(false) && footprintShape.dropLast().reduce(1, *) > 16 {
        let result = try ImageBuffer<Double>(shape: shape)
        try maximumFilter(image, into: result.view, size: footprintShape, mode: mode, cval: cval, minimum: minimum)
        Parallel.forEachChunk(of: shape.count, workPerItem: 1) { range in
            for i in range { output.base[i] = P.fromDouble(result.view.base[i]) }
        }
        return
    }
    let size = (shape.rank == 2 ? [1] : []) + footprintShape
    _extremumOverRuns(image, load: ConvertToFilterScalar<P, W>(), mode: mode, fill: W(cval), into: output,
                      size: size, footprint: footprint, minimum: minimum, store: _CastToPixel<W, P>())
}

/// In the image's own type: `fill` (constant mode's cval) is one of its values.
@inlinable
func _extremumFilter<P: PixelScalar & _ExtremumScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, fill: P
) throws {
    if !footprint.contains(false) && footprintShape.dropLast().reduce(1, *) > 16 {
        return try _extremumFilter(image, into: output, footprintShape: footprintShape, footprint: footprint,
                                   minimum: minimum, mode: mode, cval: fill.asDouble, working: Double.self)
    }
    let size = (image.shape.rank == 2 ? [1] : []) + footprintShape
    if !footprint.contains(false) && size[0] == 1 {
        // A box within planes: separable, from the image rows directly.
        func box<Q: PixelScalar & Comparable>(_: Q.Type) -> Bool {
            guard let i = image as? ImageView<Q>, let f = fill as? Q else { return false }
            boxExtremum(i, into: output.rebound(to: Q.self), height: size[1], width: size[2], minimum: minimum,
                        mode: mode, fill: f)
            return true
        }
        if box(UInt8.self) || box(UInt16.self) { return }
    }
    _extremumOverRuns(image, load: IdentityConversion<P>(), mode: mode, fill: fill, into: output,
                      size: size, footprint: footprint, minimum: minimum, store: IdentityConversion<P>())
}

/// The runs of ones along the width of each footprint row (dz, dy) of a
/// `size` (depth, height, width) footprint, as (first x, length); rows
/// without a one are left out.
@usableFromInline
func _footprintRuns(size: [Int], footprint: [Bool]) -> [(dz: Int, dy: Int, runs: [(x: Int, length: Int)])] {
    var rows: [(dz: Int, dy: Int, runs: [(x: Int, length: Int)])] = []
    for dz in 0..<size[0] {
        for dy in 0..<size[1] {
            let row = (dz * size[1] + dy) * size[2]
            var runs: [(x: Int, length: Int)] = [], x = 0
            while x < size[2] {
                guard footprint[row + x] else { x += 1; continue }
                let start = x
                while x < size[2] && footprint[row + x] { x += 1 }
                runs.append((start, x - start))
            }
            if !runs.isEmpty { rows.append((dz, dy, runs)) }
        }
    }
    return rows
}

/// The runs kernel. Borders extend the image by `size / 2` before and the
/// rest after on each axis, as `mode` says; each source row is extended
/// (and converted by `load`) into the first level of its table when first
/// read, so no padded copy of the image is made. `store` converts the
/// working type to the output's.
@inlinable
func _extremumOverRuns<P: PixelScalar, W: _ExtremumScalar, L: ElementConversion, C: ElementConversion>(
    _ image: ImageView<P>, load: L, mode: BoundaryMode, fill: W, into output: MutableImageView<P>,
    size: [Int], footprint: [Bool], minimum: Bool, store: C
) where L.Source == P, L.Target == W, C.Source == W, C.Target == P {
    let shape = output.shape
    let footprintRows = _footprintRuns(size: size, footprint: footprint)
    let width = shape.width, height = shape.height, depth = shape.depth
    let before = size.map { $0 / 2 }, paddedWidth = width + size[2] - 1, paddedHeight = height + size[1] - 1
    let top = _floorLog2(footprintRows.flatMap { $0.runs.map(\.length) }.max()!)
    // Each thread keeps the tables of the last size[0] × size[1] padded rows it read, tagged with
    // the row, so consecutive output rows reuse them: level 0 the extended row, level k extremes
    // over windows of 2^k pixels; log2(L) passes per padded row, one per run.
    let depthSlots = size[0], heightSlots = size[1], slots = depthSlots * heightSlots
    let slotLength = (top + 1) * paddedWidth
    let runCount = footprintRows.reduce(0) { $0 + $1.runs.count }
    // The plan as plain integers (per footprint row: dz, dy, run count, then x, length per run),
    // read through a pointer in the loop: no reference counting shared between threads.
    let plan = footprintRows.flatMap { [$0.dz, $0.dy, $0.runs.count] + $0.runs.flatMap { [$0.x, $0.length] } }
    let planCount = plan.count, rowCount = footprintRows.count
    plan.withUnsafeBufferPointer { planBuffer in
        let planBase = planBuffer.baseAddress!
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * (runCount + top)) { rows in
            let scratch = UnsafeMutablePointer<W>.allocate(capacity: slots * slotLength + width)
            let tags = UnsafeMutablePointer<Int>.allocate(capacity: slots + planCount)
            defer { scratch.deallocate(); tags.deallocate() }
            tags.initialize(repeating: -1, count: slots)
            let steps = tags + slots
            steps.initialize(from: planBase, count: planCount)
            let out = scratch + slots * slotLength
            // Per output row, the two overlapping table windows of every run; combined four at a time
            // straight into the output row when it is in the working type.
            var windows: [UnsafePointer<W>] = []
            windows.reserveCapacity(2 * runCount)
            let direct = P.self == W.self
            for r in rows {
                let z = r / height, y = r % height
                var step = steps
                windows.removeAll(keepingCapacity: true)
                for _ in 0..<rowCount {
                    let dz = step[0], dy = step[1], runs = step[2]
                    let paddedRow = (z + dz) * paddedHeight + y + dy
                    let slot = ((z + dz) % depthSlots) * heightSlots + (y + dy) % heightSlots
                    // table + k · paddedWidth: extremes over windows of 2^k source pixels.
                    let table = scratch + slot * slotLength
                    if tags[slot] != paddedRow {
                        tags[slot] = paddedRow
                        if let sz = mode.sourceIndex(z + dz - before[0], count: depth),
                           let sy = mode.sourceIndex(y + dy - before[1], count: height) {
                            mode.extendLine(image.row(sz * height + sy), count: width, from: -before[2],
                                            to: width + size[2] - 1 - before[2], cval: fill, into: table, convert: load)
                        } else {
                            table.update(repeating: fill, count: paddedWidth)
                        }
                        var previous = table
                        for k in stride(from: 1, through: top, by: 1) {
                            let level = table + k * paddedWidth, half = 1 << (k - 1)
                            _extremeOfPair(previous, previous + half, into: level, count: paddedWidth - 2 * half + 1,
                                           minimum: minimum)
                            previous = level
                        }
                    }
                    for j in 0..<runs {
                        let x = step[3 + 2 * j], length = step[4 + 2 * j], k = _floorLog2(length)
                        let level = table + k * paddedWidth + x
                        windows.append(UnsafePointer(level))
                        if length != 1 << k { windows.append(UnsafePointer(level + length - (1 << k))) }
                    }
                    step += 3 + 2 * runs
                }
                let destination = output.row(r)
                if direct {
                    _extremeOfRows(windows[...], count: width, minimum: minimum,
                                   into: UnsafeMutableRawPointer(destination).assumingMemoryBound(to: W.self))
                } else {
                    _extremeOfRows(windows[...], count: width, minimum: minimum, into: out)
                    for x in 0..<width { destination[x] = store(out[x]) }
                }
            }
        }
    }
}

@inlinable
func _floorLog2(_ n: Int) -> Int { Int.bitWidth - 1 - n.leadingZeroBitCount }


/// `out[i] = min(a[i], b[i])` (or max) for `i < count`, `Swift.min`'s
/// NaN rule; `out` may alias `a`.
@inlinable
func _extremeOfPair<W: Comparable>(_ a: UnsafeMutablePointer<W>, _ b: UnsafeMutablePointer<W>,
                                     into out: UnsafeMutablePointer<W>, count: Int, minimum: Bool) {
    if minimum { for i in 0..<count { out[i] = Swift.min(a[i], b[i]) } }
    else { for i in 0..<count { out[i] = Swift.max(a[i], b[i]) } }
}

/// A working-precision value back to the pixel type, as scipy casts.
@usableFromInline
struct _CastToPixel<Source: FilterScalar, Target: PixelScalar>: ElementConversion {
    @inlinable init() {}
    @inlinable func callAsFunction(_ value: Source) -> Target { Target.fromDouble(Double(value)) }
}

/// Element types the runs kernel works in: ordered, with the identities of
/// max (`lowest`) and min (`highest`).
public protocol _ExtremumScalar: Comparable {
    static var lowest: Self { get }
    static var highest: Self { get }
}

extension UInt8: _ExtremumScalar {
    @inlinable public static var lowest: UInt8 { .min }
    @inlinable public static var highest: UInt8 { .max }
}

extension UInt16: _ExtremumScalar {
    @inlinable public static var lowest: UInt16 { .min }
    @inlinable public static var highest: UInt16 { .max }
}

extension Float: _ExtremumScalar {
    @inlinable public static var lowest: Float { -.infinity }
    @inlinable public static var highest: Float { .infinity }
}

extension Double: _ExtremumScalar {
    @inlinable public static var lowest: Double { -.infinity }
    @inlinable public static var highest: Double { .infinity }
}
