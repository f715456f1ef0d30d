/// The pixel types the engine supports, numbered as the C ABI numbers them
/// (`SB_DTYPE_*` in `swiftbio.h`).
public enum DType: Int32, Sendable, CaseIterable {
    case bool = 0
    case uint8 = 1
    case uint16 = 2
    case int32 = 3
    case uint32 = 4
    case float32 = 5
    case float64 = 6

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .uint8: 1
        case .uint16: 2
        case .int32, .uint32, .float32: 4
        case .float64: 8
        }
    }

    /// The numpy name, for error messages.
    public var name: String {
        switch self {
        case .bool: "bool"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .int32: "int32"
        case .uint32: "uint32"
        case .float32: "float32"
        case .float64: "float64"
        }
    }
}
