internal import CLibTIFF
import SwiftBio

/// The checked geometry and tags of a file to write.
struct _WritePlan {
    let shape: [Int], pixelType: TIFFPixelType
    let height: Int, width: Int, samples: Int, pages: Int
    let rowsPerStrip: Int
    let bigTIFF: Bool
    /// Uncompressed strips are written as one block after the IFDs (one strip per page).
    let contiguous: Bool
    let description: String
    /// ImageJ's T, Z, C sizes when writing a hyperstack.
    let imageJ: (frames: Int, slices: Int, channels: Int)?

    var rowBytes: Int { pixelType.kind == .bool ? (width + 7) / 8 : width * samples * pixelType.bytes }
    var pageBytes: Int { height * width * samples * pixelType.bytes }
    var stripBytes: Int { rowsPerStrip * rowBytes }
    var stripsPerPage: Int { (height + rowsPerStrip - 1) / rowsPerStrip }

    init(shape: [Int], pixelType: TIFFPixelType, options: TIFFWriteOptions) throws {
        let axes = Array(options.axes)
        try require(axes.count == shape.count, "axes '\(options.axes)' has \(axes.count) letters for \(shape.count) dimensions")
        try require(shape.allSatisfy { $0 > 0 }, "cannot write an empty array of shape \(shape)")
        try require(Set(axes).count == axes.count, "axes '\(options.axes)' repeats a letter")
        let hasSamples = axes.last == "S"
        let yx = hasSamples ? axes.dropLast().suffix(2) : axes.suffix(2)
        try require(Array(yx) == ["Y", "X"], "axes must end in YX or YXS, got '\(options.axes)'")
        samples = hasSamples ? shape.last! : 1
        try require(samples == 1 || samples == 3 || samples == 4, "S (samples per pixel) must be 3 (RGB) or 4 (RGBA), got \(samples)")
        try require(pixelType.kind != .bool || samples == 1, "bool images cannot have samples")
        height = shape[shape.count - (hasSamples ? 3 : 2)]
        width = shape[shape.count - (hasSamples ? 2 : 1)]
        try require(height <= Int(UInt32.max) && width <= Int(UInt32.max), "image too large for TIFF")
        let pageDims = shape.prefix(shape.count - (hasSamples ? 3 : 2))
        pages = pageDims.reduce(1, *)
        self.shape = shape
        self.pixelType = pixelType
        let rowBytes = pixelType.kind == .bool ? (width + 7) / 8 : width * samples * pixelType.bytes
        contiguous = options.compression == 1 && options.tile == nil
        // Compressed: strips of about 256 KiB, units that compress and decode
        // in parallel. Uncompressed: one strip per page, so that the pages
        // form one block (ImageJ reads them so).
        rowsPerStrip = contiguous ? height : max(1, min(height, (256 << 10) / max(rowBytes, 1)))
        let total = shape.reduce(1, *) * pixelType.bytes
        bigTIFF = options.bigTIFF ?? (total > (1 << 32) - (1 << 25))
        if let tile = options.tile {
            try require(tile.height > 0 && tile.width > 0 && tile.height % 16 == 0 && tile.width % 16 == 0,
                        "tile sizes must be positive multiples of 16, got \(tile)")
            try require(pixelType.kind != .bool, "bool images cannot be tiled")
        }
        if let spacing = options.spacing {
            try require(spacing.count == 3 && spacing.allSatisfy({ $0.isFinite && $0 > 0 }),
                        "spacing must be 3 positive numbers (x, y, z), got \(spacing)")
        }
        if options.imageJ {
            try require(["u1", "u2", "f4"].contains(pixelType.code) && (samples == 1 || (samples == 3 && pixelType.code == "u1")),
                        "ImageJ hyperstacks hold uint8, uint16 or float32 (RGB: uint8 with 3 samples), got \(pixelType.code)"
                        + (samples > 1 ? " with \(samples) samples" : ""))
            let order = Array("TZC")
            let letters = Array(axes.prefix(pageDims.count))
            try require(letters.allSatisfy(order.contains) && letters == order.filter(letters.contains),
                        "ImageJ axes must be a subsequence of TZCYXS, got '\(options.axes)'")
            func size(_ letter: Character) -> Int { letters.firstIndex(of: letter).map { shape[$0] } ?? 1 }
            imageJ = (size("T"), size("Z"), size("C"))
            var lines = ["ImageJ=1.11a", "images=\(pages)"]
            if size("C") > 1 { lines.append("channels=\(size("C"))") }
            if size("Z") > 1 { lines.append("slices=\(size("Z"))") }
            if size("T") > 1 { lines.append("frames=\(size("T"))") }
            if pages > 1 { lines.append("hyperstack=true") }
            lines.append(size("C") > 1 ? "mode=composite" : "mode=grayscale")
            if let unit = options.unit { lines.append("unit=\(unit)") }
            if let z = options.spacing?[2], letters.contains("Z") { lines.append("spacing=\(z)") }
            lines.append("loop=false")
            description = lines.joined(separator: "\n") + "\n"
        } else {
            imageJ = nil
            // tifffile's shaped description, with the axes, and our voxel size.
            var json = "{\"shape\": [" + shape.map(String.init).joined(separator: ", ") + "], \"axes\": \"\(options.axes)\""
            if let spacing = options.spacing {
                json += ", \"spacing_xyz\": [\(spacing[0]), \(spacing[1]), \(spacing[2])]"
                if let unit = options.unit { json += ", \"unit\": \"" + jsonEscaped(unit) + "\"" }
            }
            description = json + "}"
        }
    }

    /// Sets the tags of page `page` on the handle's new directory.
    func setTags(_ handle: _TIFFHandle, page: Int, options: TIFFWriteOptions) throws {
        try handle.set(TIFFTAG_IMAGEWIDTH, UInt32(width))
        try handle.set(TIFFTAG_IMAGELENGTH, UInt32(height))
        try handle.set(TIFFTAG_BITSPERSAMPLE, Int32(pixelType.bits))
        try handle.set(TIFFTAG_SAMPLESPERPIXEL, Int32(samples))
        try handle.set(TIFFTAG_SAMPLEFORMAT, Int32(pixelType.sampleFormat))
        try handle.set(TIFFTAG_PLANARCONFIG, Int32(PLANARCONFIG_CONTIG))
        try handle.set(TIFFTAG_PHOTOMETRIC, Int32(samples >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK))
        if samples == 4 {
            var extra: UInt16 = UInt16(EXTRASAMPLE_UNASSALPHA)
            try withUnsafeMutablePointer(to: &extra) { try handle.set(TIFFTAG_EXTRASAMPLES, Int32(1), $0) }
        }
        try handle.set(TIFFTAG_COMPRESSION, Int32(options.compression))
        if let tile = options.tile {
            try handle.set(TIFFTAG_TILEWIDTH, UInt32(tile.width))
            try handle.set(TIFFTAG_TILELENGTH, UInt32(tile.height))
        } else {
            try handle.set(TIFFTAG_ROWSPERSTRIP, UInt32(rowsPerStrip))
        }
        if pages > 1 {
            try handle.set(TIFFTAG_SUBFILETYPE, UInt32(0))
        }
        if page == 0 {
            try description.withCString { try handle.set(TIFFTAG_IMAGEDESCRIPTION, $0) }
            try "swiftbio".withCString { try handle.set(TIFFTAG_SOFTWARE, $0) }
        }
        if let spacing = options.spacing {
            // ImageJ: pixels per unit, unit in the description. Otherwise µm
            // become pixels per centimetre; other units, pixels per unit.
            let micrometres = ["um", "µm", "micron", "microns", "\\u00B5m"].contains(options.unit ?? "um")
            let scale = !options.imageJ && micrometres ? 1e4 : 1
            try handle.set(TIFFTAG_XRESOLUTION, scale / spacing[0])
            try handle.set(TIFFTAG_YRESOLUTION, scale / spacing[1])
            try handle.set(TIFFTAG_RESOLUTIONUNIT, Int32(scale == 1 ? RESUNIT_NONE : RESUNIT_CENTIMETER))
        }
    }

    /// Calls `body` with the bytes of strip `s` of a page at `page`
    /// (1-bit pixels packed first).
    func withStrip(_ s: Int, of page: UnsafeRawPointer, _ body: (UnsafeRawPointer, Int) throws -> Void) throws {
        let y0 = s * rowsPerStrip, rows = min(rowsPerStrip, height - y0)
        guard pixelType.kind == .bool else {
            return try body(page + y0 * rowBytes, rows * rowBytes)
        }
        let packed = UnsafeMutablePointer<UInt8>.allocate(capacity: rows * rowBytes)
        defer { packed.deallocate() }
        packed.initialize(repeating: 0, count: rows * rowBytes)
        let pixels = page.assumingMemoryBound(to: UInt8.self) + y0 * width
        for r in 0..<rows {
            for x in 0..<width where pixels[r * width + x] != 0 {
                packed[r * rowBytes + x >> 3] |= 0x80 >> UInt8(x & 7)
            }
        }
        try body(packed, rows * rowBytes)
    }
}

/// `text` as the inside of a JSON string.
func jsonEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
