import CSwiftBio
import SwiftBio

/// A checked `sb_array`: its data pointer, element type and shape.
struct ArrayArgument {
    let data: UnsafeMutableRawPointer
    let dtype: DType
    let shape: ImageShape

    init(_ pointer: UnsafePointer<sb_array>?, _ name: String) throws {
        let array = try nonNull(pointer, name).pointee
        guard let dtype = DType(rawValue: array.dtype) else {
            throw EngineError.unsupportedType("\(name) has unknown dtype code \(array.dtype)")
        }
        try require(array.ndim >= 2 && array.ndim <= 3, "\(name) must be 2D or 3D, got ndim=\(array.ndim)")
        let dims = withUnsafeBytes(of: array.shape) { Array($0.bindMemory(to: Int64.self).prefix(Int(array.ndim))) }
        self.dtype = dtype
        self.shape = try ImageShape(dims.map { Int(clamping: $0) })
        self.data = try nonNull(array.data, "\(name).data")
    }

    func view<E>(_: E.Type) -> ImageView<E> {
        ImageView(base: UnsafePointer(data.assumingMemoryBound(to: E.self)), shape: shape)
    }

    func mutableView<E>(_: E.Type) -> MutableImageView<E> {
        MutableImageView(base: data.assumingMemoryBound(to: E.self), shape: shape)
    }
}

/// A filter call, generic over the input pixel type and the output
/// precision: the exports state what to compute, `runFilter` picks the
/// types. The one dtype switch of the linear filters.
protocol FilterCall {
    func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws
}

func runFilter(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ call: some FilterCall
) -> Int32 {
    status {
        let src = try ArrayArgument(input, "input")
        let dst = try ArrayArgument(UnsafePointer(output), "output")
        try require(src.shape == dst.shape, "output shape \(dst.shape) does not match input shape \(src.shape)")
        switch src.dtype {
        case .bool: try dispatchOutput(src.view(Bool.self), dst, call)
        case .uint8: try dispatchOutput(src.view(UInt8.self), dst, call)
        case .uint16: try dispatchOutput(src.view(UInt16.self), dst, call)
        case .int32: try dispatchOutput(src.view(Int32.self), dst, call)
        case .uint32: try dispatchOutput(src.view(UInt32.self), dst, call)
        case .float32: try dispatchOutput(src.view(Float.self), dst, call)
        case .float64: try dispatchOutput(src.view(Double.self), dst, call)
        }
    }
}

private func dispatchOutput<In: PixelScalar>(_ input: ImageView<In>, _ output: ArrayArgument, _ call: some FilterCall) throws {
    switch output.dtype {
    case .float32: try call.run(input, output.mutableView(Float.self))
    case .float64: try call.run(input, output.mutableView(Double.self))
    default: throw EngineError.unsupportedType("output must be float32 or float64, got \(output.dtype.name)")
    }
}
