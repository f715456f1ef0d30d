/// The element type of a TIFF's samples, named as numpy names dtypes
/// (`"u2"`, `"f4"`, `"b1"` …). TIFF supports more types than the filters.
public struct TIFFPixelType: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case bool, unsigned, signed, float }
    public let kind: Kind
    /// Bits per sample in the file (1 for bool).
    public let bits: Int

    /// The numpy type code without byte order: b1, u1, i1, u2, i2, u4, i4, f4, f8.
    public var code: String {
        switch kind {
        case .bool: "b1"
        case .unsigned: "u\(bits / 8)"
        case .signed: "i\(bits / 8)"
        case .float: "f\(bits / 8)"
        }
    }
    public var description: String { code }
    /// Bytes per sample in memory (bool: one byte per pixel).
    public var bytes: Int { kind == .bool ? 1 : bits / 8 }
    /// TIFF's SampleFormat tag value.
    var sampleFormat: Int { kind == .signed ? 2 : kind == .float ? 3 : 1 }

    public init?(code: String) {
        switch code {
        case "b1": kind = .bool; bits = 1
        case "u1", "u2", "u4": kind = .unsigned; bits = 8 * Int(String(code.last!))!
        case "i1", "i2", "i4": kind = .signed; bits = 8 * Int(String(code.last!))!
        case "f4", "f8": kind = .float; bits = 8 * Int(String(code.last!))!
        default: return nil
        }
    }

    /// The type of a file's BitsPerSample and SampleFormat, if supported.
    init?(bits: Int, sampleFormat: Int) {
        switch (bits, sampleFormat) {
        case (1, 1): kind = .bool
        case (8, 1), (16, 1), (32, 1): kind = .unsigned
        case (8, 2), (16, 2), (32, 2): kind = .signed
        case (32, 3), (64, 3): kind = .float
        default: return nil
        }
        self.bits = bits
    }
}
