import CSwiftBio
import SwiftBio

/// Runs one exported call: a thrown error becomes its status code and the
/// thread's last-error message. The single exit path of every export.
func status(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return Int32(SB_OK.rawValue)
    } catch let error as EngineError {
        setLastError(error.description)
        switch error {
        case .invalidArgument: return Int32(SB_ERR_VALUE.rawValue)
        case .unsupportedType: return Int32(SB_ERR_TYPE.rawValue)
        case .outOfMemory: return Int32(SB_ERR_MEMORY.rawValue)
        case .io: return Int32(SB_ERR_IO.rawValue)
        }
    } catch {
        setLastError("internal error: \(error)")
        return Int32(SB_ERR_INTERNAL.rawValue)
    }
}

/// Unwraps a pointer argument that must not be NULL.
func nonNull<P>(_ pointer: P?, _ name: String) throws -> P {
    guard let pointer else { throw EngineError.invalidArgument("\(name) is NULL") }
    return pointer
}

/// `count` values from a C array argument, which must not be NULL.
func values<T>(_ pointer: UnsafePointer<T>?, count: Int, _ name: String) throws -> [T] {
    Array(UnsafeBufferPointer(start: try nonNull(pointer, name), count: count))
}

func boundaryMode(_ code: Int32) throws -> BoundaryMode {
    guard let mode = BoundaryMode(rawValue: code) else {
        throw EngineError.invalidArgument("unknown boundary mode code \(code)")
    }
    return mode
}
