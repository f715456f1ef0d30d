import CSwiftBio
import SwiftBio

/// A call on one image of any supported pixel type: the exports state
/// what to compute, `runImageCall` picks the type. Integer-only calls
/// (labels) refuse float images with a TypeError.
protocol ImageCall {
    func run<P: PixelScalar>(_ image: ImageView<P>) throws
}

func runImageCall(_ array: ArrayArgument, integerOnly: Bool = false, _ call: some ImageCall) throws {
    if integerOnly && (array.dtype == .float32 || array.dtype == .float64) {
        throw EngineError.unsupportedType("label images must have an integer or bool dtype, got \(array.dtype.name)")
    }
    switch array.dtype {
    case .bool: try call.run(array.view(Bool.self))
    case .uint8: try call.run(array.view(UInt8.self))
    case .uint16: try call.run(array.view(UInt16.self))
    case .int32: try call.run(array.view(Int32.self))
    case .uint32: try call.run(array.view(UInt32.self))
    case .float32: try call.run(array.view(Float.self))
    case .float64: try call.run(array.view(Double.self))
    }
}
