internal import CLibTIFF
#if canImport(Glibc)
import Glibc
#endif
import SwiftBio

/// Reads TIFF files: metadata (`info`) and pixels straight into memory the
/// caller owns (`read`), several pages or strips at once, one libtiff
/// handle per thread.
public enum TIFFReader {
    /// The shape, type and metadata of the TIFF at `path`; `pageShape` and
    /// `pixelType` are those of page `page`.
    public static func info(path: String, page: Int = 0) throws -> TIFFInfo {
        let handle = try _TIFFHandle(path: path, mode: "r")
        var layout = try _PageLayout(handle)
        let pageCount = Int(TIFFNumberOfDirectories(handle.tif))
        guard pageCount >= 1 else { throw handle.failure("no pages") }
        let chainWords = ["loop", "directory count", "Seek error", "Cannot read TIFF directory", "IFD", "offset"]
        if let problem = handle.messages.errors.last(where: { m in chainWords.contains { m.contains($0) } }) {
            // libtiff stopped counting at a broken IFD chain (a loop, an offset past the end).
            throw EngineError.io("\(path): damaged page chain after page \(pageCount - 1): \(problem)")
        }
        try require(page >= 0 && page < pageCount, "\(path): page \(page) out of range (the file has \(pageCount))")
        if page > 0 {
            guard TIFFSetDirectory(handle.tif, UInt32(page)) == 1 else { throw handle.failure("cannot read page \(page)") }
            let pageLayout = try _PageLayout(handle)
            guard TIFFSetDirectory(handle.tif, 0) == 1 else { throw handle.failure("cannot read page 0") }
            if !pageLayout.matches(layout) {
                // A page unlike the first: describe just that page.
                layout = pageLayout
                return TIFFInfo(shape: layout.shape, axes: layout.axes, pixelType: layout.pixelType,
                                pageShape: layout.shape, pageCount: pageCount, imagePages: 1, spacing: [nil, nil, nil], unit: nil,
                                compression: layout.compression, isBigTIFF: TIFFIsBigTIFF(handle.tif) != 0,
                                isImageJ: false, isOME: false, isTiled: layout.tileWidth != nil)
            }
        }
        var info = TIFFInfo(
            shape: pageCount == 1 ? layout.shape : [pageCount] + layout.shape,
            axes: pageCount == 1 ? layout.axes : "I" + layout.axes,
            pixelType: layout.pixelType, pageShape: layout.shape, pageCount: pageCount, imagePages: pageCount,
            spacing: [nil, nil, nil], unit: nil, compression: layout.compression,
            isBigTIFF: TIFFIsBigTIFF(handle.tif) != 0, isImageJ: false, isOME: false,
            isTiled: layout.tileWidth != nil)
        let description = handle.string(TIFFTAG_IMAGEDESCRIPTION) ?? ""
        let xResolution = handle.field(TIFFTAG_XRESOLUTION, Float(0)).map(Double.init)
        let yResolution = handle.field(TIFFTAG_YRESOLUTION, Float(0)).map(Double.init)
        let resolutionUnit = Int(handle.field(TIFFTAG_RESOLUTIONUNIT, UInt16(2), defaulted: true) ?? 2)
        func inverse(_ r: Double?, scale: Double = 1) -> Double? { r.flatMap { $0 > 0 && $0.isFinite ? scale / $0 : nil } }

        if let fields = imageJFields(description) {
            info.isImageJ = true
            let dims = [("T", fields["frames"]), ("Z", fields["slices"]), ("C", fields["channels"])]
                .compactMap { axis, value in value.flatMap(Int.init).map { (axis, $0) } }
                .filter { $0.1 > 1 }
            let images = dims.map(\.1).reduce(1, *)
            if images > pageCount && !dims.isEmpty {
                throw EngineError.invalidArgument(
                    "\(path): the ImageJ description declares \(images) images, the file has \(pageCount) page(s)"
                    + (pageCount == 1 ? " (single-page ImageJ hyperstacks are not supported)" : " (truncated?)"))
            }
            if !dims.isEmpty { info.imagePages = images }
            if !dims.isEmpty {
                info.shape = dims.map(\.1) + layout.shape
                info.axes = dims.map(\.0).joined() + layout.axes
            }
            info.spacing = [inverse(xResolution), inverse(yResolution), fields["spacing"].flatMap(Double.init)]
            info.unit = fields["unit"].map(unescapedUnit)
        } else if let pixels = omePixelsAttributes(description) {
            info.isOME = true
            let order = pixels["DimensionOrder"] ?? "XYZCT"
            let sizes = order.reversed().filter { $0 != "X" && $0 != "Y" }
                .map { (String($0), Int(pixels["Size\($0)"] ?? "1") ?? 1) }
                .map { axis, size in (axis, axis == "C" && layout.samples > 1 ? size / layout.samples : size) }
                .filter { $0.1 > 1 }
            if sizes.map(\.1).reduce(1, *) == pageCount && !sizes.isEmpty {
                info.shape = sizes.map(\.1) + layout.shape
                info.axes = sizes.map(\.0).joined() + layout.axes
            }
            info.spacing = ["X", "Y", "Z"].map { pixels["PhysicalSize\($0)"].flatMap(Double.init) }
            info.unit = pixels["PhysicalSizeXUnit"] ?? (info.spacing[0] == nil ? nil : "µm")
        } else {
            // tifffile's shape describes the first pages (its first series);
            // more pages may follow, fewer mean a truncated file.
            let pageSize = layout.shape.reduce(1, *)
            if let shape = jsonShape(description), shape.reduce(1, *) % pageSize != 0 || shape.reduce(1, *) / pageSize > pageCount {
                throw EngineError.invalidArgument(
                    "\(path): the description declares shape \(shape), the file holds \(pageCount) page(s) of \(layout.shape) (truncated?)")
            }
            if let shape = jsonShape(description) {
                info.shape = shape
                info.imagePages = shape.reduce(1, *) / pageSize
                let known = shape.suffix(layout.shape.count) == layout.shape[...] ? layout.axes : ""
                info.axes = String(repeating: "Q", count: shape.count - known.count) + known
                if let axes = jsonString(description, key: "axes"), axes.count == shape.count { info.axes = axes }
            }
            if let spacing = jsonNumbers(description, key: "spacing_xyz"), spacing.count == 3 {
                info.spacing = spacing.map { $0 }
                info.unit = jsonString(description, key: "unit")
            } else if resolutionUnit == RESUNIT_CENTIMETER {
                info.spacing = [inverse(xResolution, scale: 1e4), inverse(yResolution, scale: 1e4), nil]
                info.unit = "µm"
            } else if resolutionUnit == RESUNIT_NONE {
                info.spacing = [inverse(xResolution), inverse(yResolution), nil]
            }
        }
        return info
    }

    /// Decodes pages `pages` (indices into the file, in that order) into
    /// `destination`, which holds `pages.count × info.pageBytes` bytes.
    /// Every page must have the first page's shape and type.
    public static func read(path: String, pages: [Int], into destination: UnsafeMutableRawPointer, bytes: Int) throws {
        let first = try _TIFFHandle(path: path, mode: "r")
        let pageCount = Int(TIFFNumberOfDirectories(first.tif))
        for p in pages where p < 0 || p >= pageCount {
            throw EngineError.invalidArgument("\(path): page \(p) out of range (the file has \(pageCount))")
        }
        // Every page must be like the first one asked for.
        guard TIFFSetDirectory(first.tif, UInt32(pages.first ?? 0)) == 1 else {
            throw first.failure("cannot read page \(pages.first ?? 0)")
        }
        let layout = try _PageLayout(first)
        try require(bytes == pages.count * layout.bytes,
                    "destination holds \(bytes) bytes, \(pages.count) page(s) need \(pages.count * layout.bytes)")
        guard !pages.isEmpty else { return }
        // Work units: whole pages when there are several, else the strips
        // or tiles of the one page.
        let chunks = pages.count > 1 ? 1 : layout.chunkCount(first)
        let units = pages.count * chunks
        let failures = FirstFailure()
        let base = UnsafeMutableRawPointer(destination)
        let sharedFirst = UncheckedBox(first)
        Parallel.forEachChunk(of: units, workPerItem: layout.bytes / max(chunks, 1)) { range in
            do {
                // The calling thread reuses the handle already open.
                let handle = range.lowerBound == 0 ? sharedFirst.value : try _TIFFHandle(path: path, mode: "r")
                var current = -1
                var pageLayout = layout
                for unit in range {
                    let slot = unit / chunks, page = pages[slot]
                    if page != current {
                        guard TIFFSetDirectory(handle.tif, UInt32(page)) == 1 else {
                            throw handle.failure("cannot read page \(page)")
                        }
                        current = page
                        pageLayout = try _PageLayout(handle)
                        guard pageLayout.matches(layout) else {
                            throw EngineError.invalidArgument(
                                "\(path): page \(page) has shape \(pageLayout.shape) \(pageLayout.pixelType), page \(pages[0]) "
                                + "\(layout.shape) \(layout.pixelType); read pages of different shapes separately")
                        }
                    }
                    let chunkRange = chunks == 1 ? 0 ..< pageLayout.chunkCount(handle) : (unit % chunks) ..< (unit % chunks + 1)
                    try decode(handle, pageLayout, chunks: chunkRange, into: base + slot * layout.bytes)
                }
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.error { throw error }
    }

    /// Decodes strips or tiles `chunks` of the handle's current page into
    /// the page's array at `page`.
    static func decode(_ handle: _TIFFHandle, _ layout: _PageLayout, chunks: Range<Int>, into page: UnsafeMutableRawPointer) throws {
        let sampleBytes = layout.pixelType.bytes
        let planes = layout.planarSeparate ? layout.samples : 1
        let perPixel = layout.planarSeparate ? 1 : layout.samples
        let planeBytes = layout.width * layout.height * perPixel * sampleBytes
        let rowBytes = layout.width * perPixel * sampleBytes
        if let tileWidth = layout.tileWidth, let tileHeight = layout.tileHeight {
            let across = (layout.width + tileWidth - 1) / tileWidth
            let down = (layout.height + tileHeight - 1) / tileHeight
            guard layout.chunkCount(handle) == planes * across * down else {
                throw handle.failure("the page has \(layout.chunkCount(handle)) tiles, its size needs \(planes * across * down)")
            }
            let tileBytes = Int(TIFFTileSize(handle.tif))
            // A corrupted tile size must not become a giant allocation: a
            // tile is never larger than 2 GiB nor than 16 times the page.
            guard tileBytes >= tileWidth * tileHeight * perPixel * sampleBytes, tileBytes <= 1 << 31,
                  tileWidth * tileHeight <= 16 * max(layout.width * layout.height, 1 << 16) else {
                throw handle.failure("invalid tile size \(tileWidth)×\(tileHeight)")
            }
            guard let tile = malloc(tileBytes) else {
                throw EngineError.outOfMemory("\(handle.path): cannot allocate a tile of \(tileBytes) bytes")
            }
            defer { free(tile) }
            for t in chunks {
                let plane = t / (across * down), index = t % (across * down)
                guard plane < planes else { throw handle.failure("more tiles than the image has") }
                let y0 = index / across * tileHeight, x0 = index % across * tileWidth
                guard TIFFReadEncodedTile(handle.tif, UInt32(t), tile, tmsize_t(tileBytes)) >= 0 else {
                    throw handle.failure("cannot decode tile \(t)")
                }
                let rows = min(tileHeight, layout.height - y0), columns = min(tileWidth, layout.width - x0)
                for r in 0..<rows {
                    (page + plane * planeBytes + (y0 + r) * rowBytes + x0 * perPixel * sampleBytes)
                        .copyMemory(from: tile + r * tileWidth * perPixel * sampleBytes,
                                    byteCount: columns * perPixel * sampleBytes)
                }
            }
            return
        }
        let stripsPerPlane = (layout.height + layout.rowsPerStrip - 1) / layout.rowsPerStrip
        guard layout.chunkCount(handle) == planes * stripsPerPlane else {
            throw handle.failure("the page has \(layout.chunkCount(handle)) strips, its size needs \(planes * stripsPerPlane)")
        }
        let packed = layout.pixelType.kind == .bool
        let packedRow = (layout.width + 7) / 8
        let bits = packed ? UnsafeMutablePointer<UInt8>.allocate(capacity: packedRow * layout.rowsPerStrip) : nil
        defer { bits?.deallocate() }
        for s in chunks {
            let plane = s / stripsPerPlane, y0 = s % stripsPerPlane * layout.rowsPerStrip
            guard plane < planes else { throw handle.failure("more strips than the image has") }
            let rows = min(layout.rowsPerStrip, layout.height - y0)
            let target = page + plane * planeBytes + y0 * rowBytes
            if let bits {
                guard TIFFReadEncodedStrip(handle.tif, UInt32(s), bits, tmsize_t(rows * packedRow)) >= 0 else {
                    throw handle.failure("cannot decode strip \(s)")
                }
                let out = target.assumingMemoryBound(to: UInt8.self)
                for r in 0..<rows {
                    for x in 0..<layout.width {
                        out[r * layout.width + x] = (bits[r * packedRow + x >> 3] >> (7 - UInt8(x & 7))) & 1
                    }
                }
            } else {
                guard TIFFReadEncodedStrip(handle.tif, UInt32(s), target, tmsize_t(rows * rowBytes)) >= 0 else {
                    throw handle.failure("cannot decode strip \(s)")
                }
            }
        }
    }
}

/// The first error any worker thread hit.
final class FirstFailure: @unchecked Sendable {
    private let lock = Lock()
    private var first: Error?
    func record(_ error: Error) { lock.locked { if first == nil { first = error } } }
    var error: Error? { lock.locked { first } }
}

/// Hands a non-Sendable value to worker threads that use it one at a time.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
