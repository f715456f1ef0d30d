/// Why an engine call refused its arguments or could not finish.
///
/// The engine validates everything it is given and throws one of these
/// instead of trapping; the C ABI turns each case into a status code.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// An argument has the wrong value or shape (Python `ValueError`).
    case invalidArgument(String)
    /// An element type is not supported here (Python `TypeError`).
    case unsupportedType(String)
    /// A buffer could not be allocated (Python `MemoryError`).
    case outOfMemory(String)
    /// A file could not be read or written (Python `OSError`).
    case io(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m), .unsupportedType(let m), .outOfMemory(let m), .io(let m): m
        }
    }
}

/// Throws `EngineError.invalidArgument(message())` unless `condition` holds.
@inlinable
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw EngineError.invalidArgument(message()) }
}
