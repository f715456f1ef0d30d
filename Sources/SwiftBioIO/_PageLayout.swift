internal import CLibTIFF

/// How one page (IFD) stores its pixels.
struct _PageLayout: Equatable {
    var width: Int, height: Int, samples: Int
    var pixelType: TIFFPixelType
    var planarSeparate: Bool
    var tileWidth: Int?, tileHeight: Int?
    var rowsPerStrip: Int
    var compression: Int
    var photometric: Int

    /// The layout of the handle's current directory; throws if the page
    /// uses something this reader does not decode.
    init(_ handle: _TIFFHandle) throws {
        guard let width = handle.field(TIFFTAG_IMAGEWIDTH, UInt32(0)),
              let height = handle.field(TIFFTAG_IMAGELENGTH, UInt32(0)), width > 0, height > 0 else {
            throw handle.failure("page has no image width or length")
        }
        self.width = Int(width)
        self.height = Int(height)
        samples = Int(handle.field(TIFFTAG_SAMPLESPERPIXEL, UInt16(1), defaulted: true) ?? 1)
        let bits = Int(handle.field(TIFFTAG_BITSPERSAMPLE, UInt16(1), defaulted: true) ?? 1)
        let format = Int(handle.field(TIFFTAG_SAMPLEFORMAT, UInt16(1), defaulted: true) ?? 1)
        compression = Int(handle.field(TIFFTAG_COMPRESSION, UInt16(1), defaulted: true) ?? 1)
        photometric = Int(handle.field(TIFFTAG_PHOTOMETRIC, UInt16(1)) ?? 1)
        planarSeparate = handle.field(TIFFTAG_PLANARCONFIG, UInt16(1), defaulted: true) == 2
        if TIFFIsTiled(handle.tif) != 0 {
            tileWidth = Int(handle.field(TIFFTAG_TILEWIDTH, UInt32(0)) ?? 0)
            tileHeight = Int(handle.field(TIFFTAG_TILELENGTH, UInt32(0)) ?? 0)
        }
        rowsPerStrip = min(Int(handle.field(TIFFTAG_ROWSPERSTRIP, UInt32.max, defaulted: true) ?? UInt32.max), Int(height))
        guard let type = TIFFPixelType(bits: bits, sampleFormat: format) else {
            throw handle.failure("unsupported pixel type: \(bits) bits per sample, sample format \(format)")
        }
        pixelType = type
        guard samples >= 1 && samples <= 16 else { throw handle.failure("unsupported samples per pixel: \(samples)") }
        guard TIFFIsCODECConfigured(UInt16(compression)) != 0 else {
            throw handle.failure("unsupported compression \(compression) (this libtiff has no codec for it)")
        }
        if compression == Int(COMPRESSION_JPEG) && photometric == Int(PHOTOMETRIC_YCBCR) {
            // Let libtiff convert YCbCr to RGB while decoding.
            try handle.set(TIFFTAG_JPEGCOLORMODE, Int32(JPEGCOLORMODE_RGB))
            photometric = Int(PHOTOMETRIC_RGB)
        }
        if pixelType.kind == .bool && (samples != 1 || tileWidth != nil) {
            throw handle.failure("unsupported 1-bit layout (tiled or several samples)")
        }
        if let tileWidth, let tileHeight, tileWidth <= 0 || tileHeight <= 0 {
            throw handle.failure("invalid tile size")
        }
    }

    /// The page as an array: `[Y, X]`, `[Y, X, S]` or `[S, Y, X]`.
    var shape: [Int] { samples == 1 ? [height, width] : planarSeparate ? [samples, height, width] : [height, width, samples] }
    var axes: String { samples == 1 ? "YX" : planarSeparate ? "SYX" : "YXS" }
    var bytes: Int { width * height * samples * pixelType.bytes }

    /// Whether another page can be read into the same array.
    func matches(_ other: _PageLayout) -> Bool {
        width == other.width && height == other.height && samples == other.samples
            && pixelType == other.pixelType && planarSeparate == other.planarSeparate
    }

    /// Strips or tiles in the page: the units a page decodes in.
    func chunkCount(_ handle: _TIFFHandle) -> Int {
        Int(tileWidth == nil ? TIFFNumberOfStrips(handle.tif) : TIFFNumberOfTiles(handle.tif))
    }
}
