/// What a TIFF holds: the array `read` returns and its metadata.
public struct TIFFInfo: Sendable, Equatable {
    /// Shape of the whole image as `read` returns it (every page).
    public var shape: [Int]
    /// One letter per axis: T, Z, C (ImageJ, OME), I (pages), Q (unknown),
    /// Y, X, and S (samples of a pixel, e.g. RGB).
    public var axes: String
    public var pixelType: TIFFPixelType
    /// Shape of one page: `[Y, X]`, `[Y, X, S]` (interleaved) or `[S, Y, X]` (planar).
    public var pageShape: [Int]
    public var pageCount: Int
    /// The pages `shape` covers (the first ones; a file may hold more).
    public var imagePages: Int
    /// Pixel size along x, y and z, where the file states it.
    public var spacing: [Double?]
    public var unit: String?
    /// The TIFF Compression tag of the first page (1 none, 5 LZW, 8 Deflate, 32773 PackBits, 7 JPEG …).
    public var compression: Int
    public var isBigTIFF: Bool
    public var isImageJ: Bool
    public var isOME: Bool
    public var isTiled: Bool

    /// Bytes of one page in memory.
    public var pageBytes: Int { pageShape.reduce(1, *) * pixelType.bytes }
    public var compressionName: String {
        switch compression {
        case 1: "none"
        case 5: "lzw"
        case 7: "jpeg"
        case 8, 32946: "deflate"
        case 32773: "packbits"
        case 34925: "lzma"
        case 50000: "zstd"
        default: "code \(compression)"
        }
    }
}
