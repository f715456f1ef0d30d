import CSwiftBio
import SwiftBio

// Exports of the linear filters: read the C arguments, describe the call,
// let `runFilter` dispatch on dtypes. All checking of values happens in
// the engine.

@_cdecl("sb_correlate")
public func exportCorrelate(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ weights: UnsafePointer<sb_array>?, _ origin: UnsafePointer<Int64>?, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let weights: ArrayArgument, origin: UnsafePointer<Int64>?, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try require(weights.dtype == .float64, "weights must be float64, got \(weights.dtype.name)")
            try require(weights.shape.rank == input.shape.rank,
                        "weights must have the image's number of dimensions (\(input.shape.rank))")
            let origin = try values(origin, count: input.shape.rank, "origin").map { Int(clamping: $0) }
            try SwiftBio.correlate(input, into: output, weights: weights.view(Double.self), origin: origin,
                                   mode: boundaryMode(mode), cval: cval)
        }
    }
    var weightArgument: ArrayArgument? = nil
    let code = status { weightArgument = try ArrayArgument(weights, "weights") }
    guard let weightArgument else { return code }
    return runFilter(input, output, Call(weights: weightArgument, origin: origin, mode: mode, cval: cval))
}

@_cdecl("sb_correlate1d")
public func exportCorrelate1D(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ weights: UnsafePointer<Double>?, _ size: Int64, _ axis: Int32, _ origin: Int64, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let weights: UnsafePointer<Double>?, size: Int64, axis: Int32, origin: Int64, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try require(size >= 1 && size <= 1 << 24, "weights must have between 1 and 2**24 values, got \(size)")
            let kernel = try Kernel1D(values(weights, count: Int(size), "weights"), origin: Int(clamping: origin))
            try correlate1D(input, into: output, kernel: kernel, axis: Int(axis), mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(weights: weights, size: size, axis: axis, origin: origin, mode: mode, cval: cval))
}

@_cdecl("sb_gaussian")
public func exportGaussian(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ sigma: UnsafePointer<Double>?, _ order: UnsafePointer<Int32>?, _ truncate: Double, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let sigma: UnsafePointer<Double>?, order: UnsafePointer<Int32>?, truncate: Double, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            let rank = input.shape.rank
            try gaussianFilter(input, into: output, sigma: values(sigma, count: rank, "sigma"),
                               order: values(order, count: rank, "order").map(Int.init),
                               truncate: truncate, mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(sigma: sigma, order: order, truncate: truncate, mode: mode, cval: cval))
}

@_cdecl("sb_uniform")
public func exportUniform(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ size: UnsafePointer<Int64>?, _ origin: UnsafePointer<Int64>?, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let size: UnsafePointer<Int64>?, origin: UnsafePointer<Int64>?, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            let rank = input.shape.rank
            try uniformFilter(input, into: output, size: values(size, count: rank, "size").map { Int(clamping: $0) },
                              origin: values(origin, count: rank, "origin").map { Int(clamping: $0) },
                              mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(size: size, origin: origin, mode: mode, cval: cval))
}

@_cdecl("sb_edge")
public func exportEdge(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ op: Int32, _ axis: Int32, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let op: Int32, axis: Int32, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try require(op == 0 || op == 1, "unknown edge operator code \(op)")
            try edgeFilter(input, into: output, operator: op == 0 ? .sobel : .prewitt,
                           axis: axis < 0 ? nil : Int(axis), mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(op: op, axis: axis, mode: mode, cval: cval))
}

@_cdecl("sb_laplace")
public func exportLaplace(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try laplaceFilter(input, into: output, mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(mode: mode, cval: cval))
}

@_cdecl("sb_gaussian_laplace")
public func exportGaussianLaplace(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ sigma: UnsafePointer<Double>?, _ truncate: Double, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let sigma: UnsafePointer<Double>?, truncate: Double, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try gaussianLaplace(input, into: output, sigma: values(sigma, count: input.shape.rank, "sigma"),
                                truncate: truncate, mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(sigma: sigma, truncate: truncate, mode: mode, cval: cval))
}

@_cdecl("sb_gaussian_gradient_magnitude")
public func exportGaussianGradientMagnitude(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ sigma: UnsafePointer<Double>?, _ truncate: Double, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let sigma: UnsafePointer<Double>?, truncate: Double, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try gaussianGradientMagnitude(input, into: output, sigma: values(sigma, count: input.shape.rank, "sigma"),
                                          truncate: truncate, mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(sigma: sigma, truncate: truncate, mode: mode, cval: cval))
}

@_cdecl("sb_unsharp_mask")
public func exportUnsharpMask(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?,
    _ radius: UnsafePointer<Double>?, _ amount: Double, _ truncate: Double, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: FilterCall {
        let radius: UnsafePointer<Double>?, amount: Double, truncate: Double, mode: Int32, cval: Double
        func run<In: PixelScalar, T: FilterScalar>(_ input: ImageView<In>, _ output: MutableImageView<T>) throws {
            try unsharpMask(input, into: output, radius: values(radius, count: input.shape.rank, "radius"),
                            amount: amount, truncate: truncate, mode: boundaryMode(mode), cval: cval)
        }
    }
    return runFilter(input, output, Call(radius: radius, amount: amount, truncate: truncate, mode: mode, cval: cval))
}

