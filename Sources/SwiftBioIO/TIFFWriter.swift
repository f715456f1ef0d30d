internal import CLibTIFF
#if canImport(Glibc)
import Glibc
#endif
import SwiftBio
import Synchronization

/// How `TIFFWriter.write` lays out a file.
public struct TIFFWriteOptions: Sendable {
    /// TIFF Compression code: 1 none, 5 LZW, 8 Deflate (zlib), 32773 PackBits.
    public var compression: Int = 1
    /// Write an ImageJ hyperstack (description, resolution tags).
    public var imageJ = false
    /// Pixel size along x, y and z.
    public var spacing: [Double]? = nil
    public var unit: String? = nil
    /// One letter per dimension of the data, ending in `YX` or `YXS`
    /// (S: 3 or 4 samples of an RGB(A) pixel). ImageJ: a subsequence of `TZCYXS`.
    public var axes: String
    /// BigTIFF; nil: when the data is near 4 GiB.
    public var bigTIFF: Bool? = nil
    /// Tile height and width (multiples of 16), or nil for strips.
    public var tile: (height: Int, width: Int)? = nil

    public init(axes: String) { self.axes = axes }
}

/// Writes TIFF files readable by tifffile, ImageJ and libtiff. Deflate
/// strips are compressed in parallel; the file appears under its name only
/// when complete (written to a temporary name, then renamed).
public enum TIFFWriter {
    public static func write(
        path: String, data: UnsafeRawPointer, shape: [Int], pixelType: TIFFPixelType, options: TIFFWriteOptions
    ) throws {
        let plan = try _WritePlan(shape: shape, pixelType: pixelType, options: options)
        let temporary = temporaryPath(for: path)
        do {
            try writeFile(temporary, plan: plan, data: data, options: options)
            guard rename(temporary, path) == 0 else {
                throw EngineError.io("\(path): cannot move the written file into place: \(systemError())")
            }
        } catch let error as EngineError {
            unlink(temporary)
            // Name the file the caller asked for, not the temporary one.
            throw EngineError.io(error.description.replacingFirst(temporary, with: path))
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func writeFile(_ path: String, plan: _WritePlan, data: UnsafeRawPointer, options: TIFFWriteOptions) throws {
        if plan.contiguous {
            return try writeContiguous(path, plan: plan, data: data, options: options)
        }
        let handle = try _TIFFHandle(path: path, mode: plan.bigTIFF ? "w8" : "w")
        for page in 0..<plan.pages {
            try plan.setTags(handle, page: page, options: options)
            let source = data + page * plan.pageBytes
            if let tile = options.tile {
                try writeTiles(handle, plan: plan, tile: tile, source: source)
            } else if options.compression == Int(COMPRESSION_ADOBE_DEFLATE) {
                try writeDeflateStrips(handle, plan: plan, source: source)
            } else {
                try writeStrips(handle, plan: plan, source: source, raw: false)
            }
            guard TIFFWriteDirectory(handle.tif) == 1 else { throw handle.failure("cannot write page \(page)") }
        }
        guard TIFFFlush(handle.tif) == 1 else { throw handle.failure("cannot flush the file") }
    }

    /// Uncompressed pages as one block after all the IFDs, as ImageJ writes
    /// and reads hyperstacks (it reads the first IFD only and the images
    /// back to back). libtiff appends strips and IFDs in the order they
    /// are written, so, in the order libtiff's own tests use: every IFD
    /// first with its strip arrays deferred (`TIFFDeferStrileArrayWriting`),
    /// then each directory's arrays reserved, then each page's single strip
    /// appended (its offset patched in place when flushed).
    private static func writeContiguous(_ path: String, plan: _WritePlan, data: UnsafeRawPointer, options: TIFFWriteOptions) throws {
        let handle = try _TIFFHandle(path: path, mode: plan.bigTIFF ? "w8" : "w")
        for page in 0..<plan.pages {
            try plan.setTags(handle, page: page, options: options)
            guard TIFFDeferStrileArrayWriting(handle.tif) == 1, TIFFWriteCheck(handle.tif, 0, "swiftbio") == 1,
                  TIFFWriteDirectory(handle.tif) == 1 else {
                throw handle.failure("cannot write page \(page)")
            }
        }
        for page in 0..<plan.pages {
            guard TIFFSetDirectory(handle.tif, UInt32(page)) == 1, TIFFForceStrileArrayWriting(handle.tif) == 1 else {
                throw handle.failure("cannot reserve the strip arrays of page \(page)")
            }
        }
        for page in 0..<plan.pages {
            guard TIFFSetDirectory(handle.tif, UInt32(page)) == 1 else { throw handle.failure("cannot reopen page \(page)") }
            try writeStrips(handle, plan: plan, source: data + page * plan.pageBytes, raw: true)
            guard TIFFFlush(handle.tif) == 1 else { throw handle.failure("cannot write page \(page)") }
        }
    }

    /// The page's strips in order, raw (uncompressed: libtiff's encoder
    /// would copy them first) or through libtiff's codec.
    private static func writeStrips(_ handle: _TIFFHandle, plan: _WritePlan, source: UnsafeRawPointer, raw: Bool) throws {
        for s in 0..<plan.stripsPerPage {
            try plan.withStrip(s, of: source) { bytes, count in
                let strip = UnsafeMutableRawPointer(mutating: bytes)
                let written = raw ? TIFFWriteRawStrip(handle.tif, UInt32(s), strip, tmsize_t(count))
                                  : TIFFWriteEncodedStrip(handle.tif, UInt32(s), strip, tmsize_t(count))
                guard written >= 0 else { throw handle.failure("cannot write strip \(s)") }
            }
        }
    }

    /// Deflate: every strip of the page is compressed on the worker
    /// threads (libdeflate, zlib format, level 6), then written raw in order.
    private static func writeDeflateStrips(_ handle: _TIFFHandle, plan: _WritePlan, source: UnsafeRawPointer) throws {
        let strips = plan.stripsPerPage
        let compressed = Mutex<[Int: [UInt8]]>([:])
        let failures = FirstFailure()
        Parallel.forEachChunk(of: strips, workPerItem: plan.stripBytes * 64) { range in
            guard let compressor = libdeflate_alloc_compressor(6) else {
                return failures.record(EngineError.outOfMemory("cannot allocate a Deflate compressor"))
            }
            defer { libdeflate_free_compressor(compressor) }
            for s in range {
                do {
                    try plan.withStrip(s, of: source) { bytes, count in
                        var output = [UInt8](repeating: 0, count: libdeflate_zlib_compress_bound(compressor, count))
                        let size = output.withUnsafeMutableBytes {
                            libdeflate_zlib_compress(compressor, bytes, count, $0.baseAddress, $0.count)
                        }
                        guard size > 0 else { throw EngineError.io("Deflate compression failed") }
                        output.removeLast(output.count - size)
                        compressed.withLock { $0[s] = output }
                    }
                } catch {
                    failures.record(error)
                }
            }
        }
        if let error = failures.error { throw error }
        for s in 0..<strips {
            let bytes = compressed.withLock { $0[s]! }
            let written = bytes.withUnsafeBytes {
                TIFFWriteRawStrip(handle.tif, UInt32(s), UnsafeMutableRawPointer(mutating: $0.baseAddress!), tmsize_t($0.count))
            }
            guard written >= 0 else { throw handle.failure("cannot write strip \(s)") }
        }
    }

    private static func writeTiles(_ handle: _TIFFHandle, plan: _WritePlan, tile: (height: Int, width: Int), source: UnsafeRawPointer) throws {
        let pixelBytes = plan.samples * plan.pixelType.bytes
        let tileBytes = tile.height * tile.width * pixelBytes
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: tileBytes, alignment: 16)
        defer { buffer.deallocate() }
        var index: UInt32 = 0
        for y0 in stride(from: 0, to: plan.height, by: tile.height) {
            for x0 in stride(from: 0, to: plan.width, by: tile.width) {
                buffer.initializeMemory(as: UInt8.self, repeating: 0, count: tileBytes)
                let rows = min(tile.height, plan.height - y0), columns = min(tile.width, plan.width - x0)
                for r in 0..<rows {
                    (buffer + r * tile.width * pixelBytes).copyMemory(
                        from: source + ((y0 + r) * plan.width + x0) * pixelBytes, byteCount: columns * pixelBytes)
                }
                guard TIFFWriteEncodedTile(handle.tif, index, buffer, tmsize_t(tileBytes)) >= 0 else {
                    throw handle.failure("cannot write tile \(index)")
                }
                index += 1
            }
        }
    }

    private static let counter = Atomic<Int>(0)

    /// A name beside `path` for the file while it is being written.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let n = counter.add(1, ordering: .relaxed).newValue
        return "\(directory).\(name).\(getpid())-\(n).tmp"
    }
}

func systemError() -> String { String(cString: strerror(errno)) }

extension String {
    /// `self` with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
