// The width and height passes of separable terms, streamed row by row.
//
// Each worker keeps, per term, a ring of the last `taps` width-filtered
// rows; an output row is a weighted sum of the ring's rows, folded into the
// output while it is still in L1. No intermediate image is written: memory
// traffic is one read of the input and one write of the output (on
// 2048×2048 float32, one thread, a 5×5 mean took 15.6 ms with a scratch
// image and 3.9 ms streamed). Input already in the working type is read in
// place: no ring for a term without a width kernel, no extended line
// inside the image.

/// How one term's values land in the output.
@usableFromInline
enum Fold: Sendable, Equatable {
    case assign, add, assignSquare, addSquare

    /// Term `t` of a bank combined as `combination`.
    @inlinable init(term t: Int, _ combination: TermCombination) {
        switch (combination, t == 0) {
        case (.sum, true): self = .assign
        case (.sum, false): self = .add
        case (.rootSumOfSquares, true): self = .assignSquare
        case (.rootSumOfSquares, false): self = .addSquare
        }
    }

    /// Whether the term is written into `out` directly (accumulating for `.add`).
    @inlinable var writesOutput: Bool { self != .addSquare }

    /// Finishes a row: squares what `.assignSquare` wrote, adds the squares
    /// of `value` for `.addSquare`.
    @inlinable func finish<T: FilterScalar>(_ out: UnsafeMutablePointer<T>, _ value: UnsafePointer<T>, count n: Int) {
        switch self {
        case .assign, .add: break
        case .assignSquare: for i in 0..<n { out[i] *= out[i] }
        case .addSquare: for i in 0..<n { out[i] = out[i].addingProduct(value[i], value[i]) }
        }
    }
}

/// The width kernel and height kernel of one term (nil: none).
@usableFromInline
struct PlaneTerm: Sendable {
    @usableFromInline let width: Kernel1D?
    @usableFromInline let height: Kernel1D?
    @inlinable init(width: Kernel1D?, height: Kernel1D?) {
        self.width = width
        self.height = height
    }
}

/// Per-term state of one worker: typed weights and a ring of
/// width-filtered rows, each tagged with the (plane, position) it holds.
@usableFromInline
struct _TermRing<T: FilterScalar> {
    @usableFromInline let widthWeights: [T]
    @usableFromInline let heightWeights: [T]
    @usableFromInline let taps: Int
    /// Ring rows: three more than the taps, so that four consecutive output rows' sources fit.
    @usableFromInline let slots: Int
    @usableFromInline let rows: UnsafeMutablePointer<T>
    @usableFromInline let tags: UnsafeMutablePointer<Int>

    /// `slots`: the rows allocated to the ring, `taps + 3`, or 0 for a term
    /// that reads its rows straight from the image.
    @inlinable init(_ term: PlaneTerm, slots: Int, rows: UnsafeMutablePointer<T>, tags: UnsafeMutablePointer<Int>) {
        widthWeights = term.width?.weights.map { T($0) } ?? []
        heightWeights = term.height?.weights.map { T($0) } ?? [1]
        taps = heightWeights.count
        self.slots = slots
        self.rows = rows
        self.tags = tags
    }

    @inlinable func clear() {
        tags.update(repeating: Int.min, count: slots)
    }

    /// The ring row for `position` of `plane`, and whether it must be
    /// (re)computed. Consecutive positions use distinct slots.
    @inlinable func slot(plane: Int, position: Int, height: Int, pitch: Int) -> (UnsafeMutablePointer<T>, Bool) {
        let slot = ((position % slots) + slots) % slots
        let tag = plane &* (height &+ 2 &* slots) &+ position
        let fresh = tags[slot] != tag
        tags[slot] = tag
        return (rows + slot * pitch, fresh)
    }
}

/// Applies `terms` (width then height passes each) to every plane of
/// `input`, folding term `t` into `output` as `folds[t]` says, and takes
/// the square root at the end if `root`. Rows outside the image along the
/// height come from `mode`; with `.constant` they are `cval` rows, as
/// scipy's separate passes give when `cval == 0`.
@inlinable
func streamPlanes<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, terms: [PlaneTerm], folds: [Fold],
    root: Bool = false, mode: BoundaryMode, cval: Double
) {
    let work = input.shape.width * terms.map { ($0.width?.weights.count ?? 1) + ($0.height?.weights.count ?? 1) }
        .reduce(0, +)
    Parallel.forEachChunk(of: input.shape.rowCount, workPerItem: work) { rows in
        streamRows(rows, of: input, into: output, terms: terms, folds: folds, root: root, mode: mode, cval: cval)
    }
}

/// `streamPlanes` for output rows `rows` only (numbered over all planes),
/// on the calling thread.
///
/// Columns are processed in strips sized so that the rings stay within
/// 64 KiB (measured best of 16 KiB … whole rows on 2048² float32).
@inlinable
func streamRows<In: PixelScalar, T: FilterScalar>(
    _ chunk: Range<Int>, of input: ImageView<In>, into output: MutableImageView<T>, terms: [PlaneTerm],
    folds: [Fold], root: Bool, mode: BoundaryMode, cval: Double
) {
    let shape = input.shape, width = shape.width, height = shape.height
    let fill = T(cval)
    let direct = In.self == T.self
    func ringTaps(_ term: PlaneTerm) -> Int {
        term.height == nil || (direct && term.width == nil) ? 0 : term.height!.weights.count + 3
    }
    let ringRows = terms.map(ringTaps).reduce(0, +)
    let maxWidthTaps = terms.map { $0.width?.weights.count ?? 1 }.max() ?? 1
    let maxHeightTaps = terms.map { $0.height?.weights.count ?? 1 }.max() ?? 1
    let strip = stripWidth(rows: ringRows + 3, elementSize: MemoryLayout<T>.stride, limit: width)
    // Ring rows a cache line apart from a power-of-two stride (4 KiB-apart
    // rows share L1 sets: f64 strips of 512 ran at half speed).
    let pitch = strip + 64 / MemoryLayout<T>.stride
    // One allocation: rings, an extended line, a term row, a cval row.
    let lineCount = strip + maxWidthTaps - 1
    withUnsafeTemporaryAllocation(of: T.self, capacity: ringRows * pitch + lineCount + 2 * strip) { scratch in
    withUnsafeTemporaryAllocation(of: Int.self, capacity: max(ringRows, 1)) { tags in
    withUnsafeTemporaryAllocation(of: UnsafePointer<T>.self, capacity: maxHeightTaps + 3) { sources in
        var ringOffset = 0
        let rings: [_TermRing<T>] = terms.map { term in
            defer { ringOffset += ringTaps(term) }
            return _TermRing(term, slots: ringTaps(term), rows: scratch.baseAddress! + ringOffset * pitch,
                             tags: tags.baseAddress! + ringOffset)
        }
        let line = scratch.baseAddress! + ringRows * pitch
        let termRow = line + lineCount
        let cvalRow = termRow + strip
        cvalRow.initialize(repeating: fill, count: strip)
        // One term assigned to the output: two output rows at a time share their source rows' loads,
        // four with a symmetric kernel.
        let pairs = terms.count == 1 && folds[0] == .assign && terms[0].height != nil && !root && ringRows > 0
        let quads = pairs && rings[0].heightWeights.withUnsafeBufferPointer { isSymmetric($0.baseAddress!, taps: $0.count) }
        for x0 in stride(from: 0, to: width, by: strip) {
            let columns = x0 ..< min(x0 + strip, width), n = columns.count
            for ring in rings { ring.clear() }
            /// The source row of `position` (width-filtered into the ring when needed).
            func source(_ ring: _TermRing<T>, _ term: PlaneTerm, plane: Int, position: Int) -> UnsafePointer<T> {
                guard let s = mode.sourceIndex(position, count: height) else { return UnsafePointer(cvalRow) }
                let (row, fresh) = ring.slot(plane: plane, position: position, height: height, pitch: pitch)
                if fresh {
                    filterWidth(input.row(plane * height + s), count: width, columns: columns, kernel: term.width,
                                weights: ring.widthWeights, line: line, into: row, accumulate: false, mode: mode, cval: fill)
                }
                return UnsafePointer(row)
            }
            var next = chunk.lowerBound  // rows before it were written with an earlier row's group
            for r in chunk where r >= next {
                let plane = r / height, y = r % height
                if quads && r + 3 < chunk.upperBound && y + 3 < height {
                    let ring = rings[0], term = terms[0], before = term.height!.before
                    // Taps + 3 rows: rows k ..< k + taps make output row r + k.
                    for k in 0..<(ring.taps + 3) { sources[k] = source(ring, term, plane: plane, position: y + k - before) }
                    ring.heightWeights.withUnsafeBufferPointer { w in
                        combineSymmetricRowQuad(UnsafePointer(sources.baseAddress!), weights: w.baseAddress!,
                                                taps: ring.taps, into: output.row(r) + x0, output.row(r + 1) + x0,
                                                output.row(r + 2) + x0, output.row(r + 3) + x0, count: n)
                    }
                    next = r + 4
                    continue
                }
                if pairs && r + 1 < chunk.upperBound && y + 1 < height {
                    let ring = rings[0], term = terms[0], before = term.height!.before
                    // Taps + 1 rows: the first `taps` make row r, the last `taps` row r + 1.
                    for k in 0...ring.taps { sources[k] = source(ring, term, plane: plane, position: y + k - before) }
                    ring.heightWeights.withUnsafeBufferPointer { w in
                        combineRowPair(UnsafePointer(sources.baseAddress!), weights: w.baseAddress!, taps: ring.taps,
                                       into: output.row(r) + x0, output.row(r + 1) + x0, count: n)
                    }
                    next = r + 2
                    continue
                }
                let out = output.row(r) + x0
                for t in terms.indices {
                    let ring = rings[t], term = terms[t], fold = folds[t]
                    let target = fold.writesOutput ? out : termRow
                    guard let heightKernel = term.height else {
                        filterWidth(input.row(r), count: width, columns: columns, kernel: term.width,
                                    weights: ring.widthWeights, line: line, into: target,
                                    accumulate: fold == .add, mode: mode, cval: fill)
                        fold.finish(out, termRow, count: n)
                        continue
                    }
                    for k in 0..<ring.taps {
                        let position = y + k - heightKernel.before
                        guard let s = mode.sourceIndex(position, count: height) else {
                            sources[k] = UnsafePointer(cvalRow)
                            continue
                        }
                        let source = input.row(plane * height + s)
                        if direct && term.width == nil {
                            sources[k] = UnsafeRawPointer(source + x0).assumingMemoryBound(to: T.self)
                            continue
                        }
                        let (row, fresh) = ring.slot(plane: plane, position: position, height: height, pitch: pitch)
                        if fresh {
                            filterWidth(source, count: width, columns: columns, kernel: term.width,
                                        weights: ring.widthWeights, line: line, into: row,
                                        accumulate: false, mode: mode, cval: fill)
                        }
                        sources[k] = UnsafePointer(row)
                    }
                    ring.heightWeights.withUnsafeBufferPointer { w in
                        combineRows(UnsafePointer(sources.baseAddress!), weights: w.baseAddress!,
                                    taps: ring.taps, into: target, count: n, accumulate: fold == .add)
                    }
                    fold.finish(out, termRow, count: n)
                }
                if root {
                    for i in 0..<n { out[i] = out[i].vectorizableSquareRoot }
                }
            }
        }
    }
    }
    }
}

/// Columns per strip: as many as keep `rows` rows of them within 64 KiB
/// (L1-sized, best for short kernels), but at least 512 while the rings fit
/// in 512 KiB (long kernels: a narrow strip redoes most of each width pass,
/// the kernel's overlap, and runs short loops), in whole multiples of 64.
@inlinable
func stripWidth(rows: Int, elementSize: Int, limit: Int) -> Int {
    let perColumn = max(1, rows * elementSize)
    var columns = (64 << 10) / perColumn
    if columns < 512 { columns = max(columns, min(512, (512 << 10) / perColumn)) }
    return min(limit, max(64, columns / 64 * 64))
}

/// Columns `columns` of one row through a width kernel (or just converted,
/// without one) into `row`, or added to it with `accumulate`; `source`
/// holds the whole row of `count` pixels.
@inlinable @inline(__always)
func filterWidth<S: PixelScalar, T: FilterScalar>(
    _ source: UnsafePointer<S>, count: Int, columns: Range<Int>, kernel: Kernel1D?, weights: [T],
    line: UnsafeMutablePointer<T>, into row: UnsafeMutablePointer<T>, accumulate: Bool,
    mode: BoundaryMode, cval: T
) {
    guard let kernel else {
        if accumulate {
            let s = source + columns.lowerBound
            for i in 0..<columns.count { row[i] += T.convert(s[i]) }
        } else {
            mode.extendLine(source, count: count, from: columns.lowerBound, to: columns.upperBound, cval: cval, into: row)
        }
        return
    }
    let lo = columns.lowerBound - kernel.before, hi = columns.upperBound + kernel.after
    let taps = weights.count
    weights.withUnsafeBufferPointer { w in
        guard S.self == T.self else {
            mode.extendLine(source, count: count, from: lo, to: hi, cval: cval, into: line)
            correlateLine(line, weights: w.baseAddress!, taps: taps, into: row, count: columns.count, accumulate: accumulate)
            return
        }
        // Same type: outputs whose window lies inside the row read it in
        // place; only the pieces at the two borders go through `line`.
        let direct = UnsafeRawPointer(source).assumingMemoryBound(to: T.self)
        let first = max(columns.lowerBound, kernel.before), last = min(columns.upperBound, count - kernel.after)
        guard first < last else {
            mode.extendLine(source, count: count, from: lo, to: hi, cval: cval, into: line)
            correlateLine(line, weights: w.baseAddress!, taps: taps, into: row, count: columns.count, accumulate: accumulate)
            return
        }
        let c0 = columns.lowerBound
        if c0 < first {
            mode.extendLine(source, count: count, from: lo, to: first + kernel.after, cval: cval, into: line)
            correlateLine(line, weights: w.baseAddress!, taps: taps, into: row, count: first - c0, accumulate: accumulate)
        }
        correlateLine(direct + first - kernel.before, weights: w.baseAddress!, taps: taps, into: row + (first - c0),
                      count: last - first, accumulate: accumulate)
        if last < columns.upperBound {
            mode.extendLine(source, count: count, from: last - kernel.before, to: hi, cval: cval, into: line)
            correlateLine(line, weights: w.baseAddress!, taps: taps, into: row + (last - c0),
                          count: columns.upperBound - last, accumulate: accumulate)
        }
    }
}
