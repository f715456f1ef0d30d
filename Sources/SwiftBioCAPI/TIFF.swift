import CSwiftBio
import SwiftBio
import SwiftBioIO

// Exports of the TIFF reader and writer: C arguments in, checked, passed on.

func pathArgument(_ path: UnsafePointer<CChar>?) throws -> String {
    let text = String(cString: try nonNull(path, "path"))
    try require(!text.isEmpty, "path is empty")
    return text
}

/// Copies `text` into a fixed C char array (a tuple), NUL-terminated and truncated to fit.
func copy<Tuple>(_ text: String, into field: inout Tuple) {
    withUnsafeMutableBytes(of: &field) { raw in
        let bytes = Array(text.utf8.prefix(raw.count - 1))
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
}

@_cdecl("sb_tiff_info")
public func exportTIFFInfo(_ path: UnsafePointer<CChar>?, _ page: Int64, _ result: UnsafeMutablePointer<sb_tiff_metadata>?) -> Int32 {
    status {
        let output = try nonNull(result, "info")
        let info = try TIFFReader.info(path: pathArgument(path), page: Int(clamping: page))
        try require(info.shape.count <= Int(SB_TIFF_MAX_NDIM), "image has more than \(SB_TIFF_MAX_NDIM) dimensions")
        var c = sb_tiff_metadata()
        c.ndim = Int32(info.shape.count)
        withUnsafeMutableBytes(of: &c.shape) { $0.bindMemory(to: Int64.self).update(fromContentsOf: info.shape.map(Int64.init)) }
        copy(info.axes, into: &c.axes)
        copy(info.pixelType.code, into: &c.dtype)
        c.page_ndim = Int32(info.pageShape.count)
        withUnsafeMutableBytes(of: &c.page_shape) { $0.bindMemory(to: Int64.self).update(fromContentsOf: info.pageShape.map(Int64.init)) }
        c.pages = Int64(info.pageCount)
        c.image_pages = Int64(info.imagePages)
        c.spacing = (info.spacing[0] ?? .nan, info.spacing[1] ?? .nan, info.spacing[2] ?? .nan)
        copy(info.unit ?? "", into: &c.unit)
        c.compression = Int32(info.compression)
        c.bigtiff = info.isBigTIFF ? 1 : 0
        c.imagej = info.isImageJ ? 1 : 0
        c.ome = info.isOME ? 1 : 0
        c.tiled = info.isTiled ? 1 : 0
        output.pointee = c
    }
}

@_cdecl("sb_tiff_read")
public func exportTIFFRead(
    _ path: UnsafePointer<CChar>?, _ pages: UnsafePointer<Int64>?, _ count: Int64,
    _ data: UnsafeMutableRawPointer?, _ bytes: Int64
) -> Int32 {
    status {
        try require(count >= 0 && bytes >= 0, "negative page count or size")
        let list = count == 0 ? [] : try values(pages, count: Int(count), "pages").map { Int(clamping: $0) }
        try TIFFReader.read(path: pathArgument(path), pages: list, into: nonNull(data, "data"), bytes: Int(bytes))
    }
}

@_cdecl("sb_tiff_write")
public func exportTIFFWrite(
    _ path: UnsafePointer<CChar>?, _ data: UnsafeRawPointer?, _ dtype: UnsafePointer<CChar>?, _ ndim: Int32,
    _ shape: UnsafePointer<Int64>?, _ options: UnsafePointer<sb_tiff_write_options>?
) -> Int32 {
    status {
        let o = try nonNull(options, "options").pointee
        let code = String(cString: try nonNull(dtype, "dtype"))
        guard let pixelType = TIFFPixelType(code: code) else {
            throw EngineError.unsupportedType("cannot write pixels of type \(code) to TIFF")
        }
        try require(ndim >= 2 && ndim <= SB_TIFF_MAX_NDIM, "data must have 2 to \(SB_TIFF_MAX_NDIM) dimensions, got \(ndim)")
        let dims = try values(shape, count: Int(ndim), "shape").map { Int(clamping: $0) }
        var write = TIFFWriteOptions(axes: String(cString: try nonNull(o.axes, "axes")))
        write.compression = Int(o.compression)
        try require([1, 5, 8, 32773].contains(write.compression), "unsupported compression code \(o.compression)")
        write.imageJ = o.imagej != 0
        if o.has_spacing != 0 { write.spacing = [o.spacing.0, o.spacing.1, o.spacing.2] }
        write.unit = o.unit.map { String(cString: $0) }
        write.bigTIFF = o.bigtiff < 0 ? nil : o.bigtiff != 0
        if o.tile.0 != 0 || o.tile.1 != 0 { write.tile = (Int(o.tile.0), Int(o.tile.1)) }
        try TIFFWriter.write(path: pathArgument(path), data: nonNull(data, "data"), shape: dims,
                             pixelType: pixelType, options: write)
    }
}
