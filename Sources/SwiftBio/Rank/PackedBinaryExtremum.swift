/// Minimum (AND) or maximum (OR) of a bool image (bytes 0/1) over a
/// footprint with a constant border, 64 pixels to a word: binary erosion
/// and dilation. Same runs-of-ones plan as `_extremumOverRuns`, in bits:
///
/// 1. each source row is packed, the pixels past its ends being the border;
/// 2. per source row, the AND/OR over windows of 2^k pixels (shift by a
///    bit count across words, then combine: a few word operations per 64
///    pixels), and from them every distinct run of the footprint as the
///    combination of two overlapping windows;
/// 3. each output row combines the runs of its footprint rows' source rows
///    (a source row outside the image is all border) and unpacks.
///
/// Returns false (nothing written) when the run tables would pass
/// `maximumTableBytes` (512 MiB); the byte kernel then runs.
@usableFromInline
func packedBinaryExtremum(
    _ image: ImageView<UInt8>, into output: MutableImageView<UInt8>, size: [Int], footprint: [Bool],
    minimum: Bool, border: Bool
) -> Bool {
    let shape = image.shape, width = shape.width, height = shape.height, depth = shape.depth
    let rowCount = shape.rowCount
    let before = size.map { $0 / 2 }
    // Distinct runs (first offset from the output pixel, length), and each footprint row's runs by index.
    var runIndex: [Int: Int] = [:], runs: [(offset: Int, length: Int)] = []
    let footprintRows = _footprintRuns(size: size, footprint: footprint).map { row in
        (dz: row.dz, dy: row.dy, runs: row.runs.map { run in
            let offset = run.x - before[2], key = offset * (size[2] + 1) + run.length
            if let j = runIndex[key] { return j }
            runIndex[key] = runs.count
            runs.append((offset, run.length))
            return runs.count - 1
        })
    }
    let words = (width + 63) / 64
    // Margin words either side of a row: every shifted read stays inside them.
    let margin = size[2] / 64 + 3, rowWords = words + 2 * margin
    let levels = _floorLog2(runs.map(\.length).max()!) + 1
    let (tableWords, overflow) = rowCount.multipliedReportingOverflow(by: runs.count * words)
    guard !overflow, tableWords <= maximumTableBytes / 8, let raw = ScratchPool.shared.take(bytes: max(tableWords, 1) * 8) else {
        return false
    }
    defer { ScratchPool.shared.give(raw, bytes: max(tableWords, 1) * 8) }
    let table = raw.bindMemory(to: UInt64.self, capacity: max(tableWords, 1))
    let borderWord: UInt64 = border ? ~0 : 0

    // 1-2: pack each source row, build its windows, keep its runs.
    Parallel.forEachChunk(of: rowCount, workPerItem: width / 4 + runs.count * words * 4) { rows in
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * rowWords + words)
        defer { scratch.deallocate() }
        let a = scratch + margin, b = scratch + rowWords + margin  // data word 0 of the two levels
        let shifted = scratch + 2 * rowWords
        for r in rows {
            scratch.update(repeating: borderWord, count: 2 * rowWords)
            _packBits(image.row(r), count: width, border: border, into: a)
            // Level k (window 2^k) in `a` or `b` alternately; runs of lengths in [2^k, 2^(k+1)) read it.
            var current = a, spare = b
            for k in 0..<levels {
                for (j, run) in runs.enumerated() where _floorLog2(run.length) == k {
                    let out = table + (r * runs.count + j) * words
                    _shiftedWords(current, by: run.offset, count: words, into: out)
                    let tail = run.offset + run.length - (1 << k)
                    if tail != run.offset {
                        _shiftedWords(current, by: tail, count: words, into: shifted)
                        _combineWords(out, shifted, count: words, and: minimum)
                    }
                }
                guard k + 1 < levels else { break }
                // The next level: this one combined with itself 2^k pixels on. Words from `hi` on
                // only see the border.
                let span = 1 << k, lo = -margin, hi = words + margin - span / 64 - 1
                _shiftedWords(current + lo, by: span, count: hi - lo, into: spare + lo)
                _combineWords(spare + lo, current + lo, count: hi - lo, and: minimum)
                (spare + hi).update(repeating: borderWord, count: words + margin - hi)
                swap(&current, &spare)
            }
        }
    }
    // 3: each output row from its footprint rows' runs.
    Parallel.forEachChunk(of: rowCount, workPerItem: width / 4 + footprintRows.count * words * 2) { rows in
        let acc = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        defer { acc.deallocate() }
        for r in rows {
            let z = r / height, y = r % height
            acc.update(repeating: minimum ? ~0 : 0, count: words)
            for fr in footprintRows {
                let sz = z + fr.dz - before[0], sy = y + fr.dy - before[1]
                guard sz >= 0 && sz < depth && sy >= 0 && sy < height else {
                    // An all-false row under AND, an all-true one under OR, decides the output row.
                    if border != minimum { acc.update(repeating: borderWord, count: words); break }
                    continue
                }
                let source = sz * height + sy
                for j in fr.runs {
                    _combineWords(acc, table + (source * runs.count + j) * words, count: words, and: minimum)
                }
            }
            _unpackBits(acc, count: width, into: output.row(r))
        }
    }
    return true
}

/// Run tables beyond this fall back to the byte kernel.
private let maximumTableBytes = 512 << 20

/// `out[w]` = the bits `d` pixels on from data word `w` of a row (negative:
/// before), for `w < count`: bit i is pixel 64w + i + d.
@inline(__always)
func _shiftedWords(_ row: UnsafePointer<UInt64>, by d: Int, count: Int, into out: UnsafeMutablePointer<UInt64>) {
    let q = d >> 6, s = UInt64(d & 63), src = row + q
    if s == 0 {
        out.update(from: src, count: count)
        return
    }
    for w in 0..<count { out[w] = (src[w] >> s) | (src[w + 1] << (64 - s)) }
}

/// `acc[w] &= other[w]` (`and`) or `acc[w] |= other[w]`, for `w < count`.
@inline(__always)
func _combineWords(_ acc: UnsafeMutablePointer<UInt64>, _ other: UnsafePointer<UInt64>, count: Int, and: Bool) {
    if and {
        for w in 0..<count { acc[w] &= other[w] }
    } else {
        for w in 0..<count { acc[w] |= other[w] }
    }
}

/// Packs `count` bytes (0 or 1) into bits, bit i of word w from byte 64w + i;
/// the bits past `count` in the last word are `border`. Little-endian words:
/// packed byte j (bits 8j ..< 8j + 8) comes from source bytes 8j ..< 8j + 8.
@inline(__always)
func _packBits(_ bytes: UnsafePointer<UInt8>, count: Int, border: Bool, into words: UnsafeMutablePointer<UInt64>) {
    let groups = count / 8, packed = UnsafeMutableRawPointer(words).assumingMemoryBound(to: UInt8.self)
    let source = UnsafeRawPointer(bytes)
    // Eight bytes of 0/1 to eight bits: the multiplier sends byte i's bit to bit 56 + i, without carries.
    for j in 0..<groups {
        let x = source.loadUnaligned(fromByteOffset: 8 * j, as: UInt64.self)
        packed[j] = UInt8(truncatingIfNeeded: (x &* 0x0102_0408_1020_4080) >> 56)
    }
    guard count % 64 != 0 else { return }
    let last = count / 64
    var word = (0..<(groups % 8)).reduce(UInt64(0)) { $0 | UInt64(packed[8 * last + $1]) << UInt64(8 * $1) }
    for i in (8 * groups)..<count where bytes[i] != 0 { word |= 1 << UInt64(i % 64) }
    if border { word |= ~0 << UInt64(count % 64) }
    words[last] = word
}

/// Unpacks the first `count` bits into bytes 0/1.
@inline(__always)
func _unpackBits(_ words: UnsafePointer<UInt64>, count: Int, into bytes: UnsafeMutablePointer<UInt8>) {
    let groups = count / 8, packed = UnsafeRawPointer(words).assumingMemoryBound(to: UInt8.self)
    let target = UnsafeMutableRawPointer(bytes)
    for j in 0..<groups {
        // Bit i of a byte to byte i: copy the byte into all eight, keep bit i of byte i, and
        // carry a nonzero byte into its top bit (adding 0x7F never crosses a byte).
        let picked = (UInt64(packed[j]) &* 0x0101_0101_0101_0101) & 0x8040_2010_0804_0201
        target.storeBytes(of: ((picked &+ 0x7F7F_7F7F_7F7F_7F7F) >> 7) & 0x0101_0101_0101_0101,
                          toByteOffset: 8 * j, as: UInt64.self)
    }
    for i in (8 * groups)..<count { bytes[i] = UInt8((words[i / 64] >> UInt64(i % 64)) & 1) }
}
