import Testing
@testable import SwiftBio

@Suite struct LinearFilterTests {
    @Test(arguments: BoundaryMode.allCases)
    func correlateMatchesTheModel(mode: BoundaryMode) throws {
        for shape in testShapes {
            let rank = shape.count
            let input = pseudoRandom(count: shape.reduce(1, *), seed: UInt64(shape.reduce(0, +)))
            for (wshape, origin) in [([3, 3, 3], [0, 0, 0]), ([2, 5, 4], [-1, 1, 0]), ([1, 1, 1], [0, 0, 0])] {
                let ws = Array(wshape.suffix(rank)), os = Array(origin.suffix(rank))
                let weights = pseudoRandom(count: ws.reduce(1, *), seed: 7)
                let expected = naiveCorrelate(input, shape: shape, weights: weights, weightShape: ws, origin: os,
                                              mode: mode, cval: 3.5)
                let actual = try filtered(input, shape: shape, as: Double.self) { i, o in
                    try weights.withUnsafeBufferPointer { w in
                        try correlate(i, into: o, weights: ImageView(base: w.baseAddress!, shape: ImageShape(ws)),
                                      origin: os, mode: mode, cval: 3.5)
                    }
                }
                #expect(maxRelativeError(actual, expected) < 1e-12, "shape \(shape) weights \(ws) origin \(os)")
            }
        }
    }

    /// With a zero border (or any non-constant mode) separable passes
    /// commute, so the filter equals one N-d correlation with the outer
    /// product of its kernels.
    @Test(arguments: BoundaryMode.allCases)
    func gaussianEqualsItsOuterProduct(mode: BoundaryMode) throws {
        for shape in testShapes {
            let rank = shape.count
            let sigma = [1.5, 0.8, 2.2].suffix(rank).map { $0 }
            let order = [0, 1, 2].suffix(rank).map { $0 }
            let kernels: [[Double]?] = (0..<rank).map {
                GaussianKernel.weights(sigma: sigma[$0], order: order[$0],
                                       radius: GaussianKernel.radius(sigma: sigma[$0], truncate: 4))
            }
            let (weights, wshape) = outerProduct(kernels)
            let input = pseudoRandom(count: shape.reduce(1, *))
            let expected = naiveCorrelate(input, shape: shape, weights: weights, weightShape: wshape,
                                          origin: Array(repeating: 0, count: rank), mode: mode, cval: 0)
            let inputs = input.map { Float($0) }
            let actual = try filtered(inputs, shape: shape, as: Float.self) { i, o in
                try gaussianFilter(i, into: o, sigma: sigma, order: order, mode: mode)
            }
            #expect(maxRelativeError(actual, expected) < 1e-5, "shape \(shape)")
        }
    }

    @Test func everyInputTypeGivesTheSameAnswer() throws {
        let shape = [7, 41]
        let values = pseudoRandom(count: 7 * 41).map { ($0 + 50).rounded() }  // 0 … 200: fits every type
        let reference = try filtered(values, shape: shape, as: Double.self) { try uniformFilter($0, into: $1, size: [3, 4]) }
        func check<P: PixelScalar>(_ converted: [P]) throws {
            let result = try filtered(converted, shape: shape, as: Float.self) { try uniformFilter($0, into: $1, size: [3, 4]) }
            #expect(maxRelativeError(result, reference) < 1e-6, "\(P.self)")
        }
        try check(values.map { UInt8($0) })
        try check(values.map { UInt16($0) })
        try check(values.map { Int32($0) })
        try check(values.map { UInt32($0) })
        try check(values.map { Float($0) })
        let mask = values.map { $0 > 100 }
        let maskReference = try filtered(mask.map { $0 ? 1.0 : 0.0 }, shape: shape, as: Double.self) {
            try uniformFilter($0, into: $1, size: [3, 4])
        }
        let maskResult = try filtered(mask, shape: shape, as: Double.self) { try uniformFilter($0, into: $1, size: [3, 4]) }
        #expect(maxRelativeError(maskResult, maskReference) == 0)
    }

    @Test func handComputedSobelAndLaplace() throws {
        // A vertical step: columns 0 0 1 1.
        let step: [UInt8] = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]
        let sobel = try filtered(step, shape: [3, 4], as: Float.self) {
            try edgeFilter($0, into: $1, operator: .sobel, axis: 1)
        }
        #expect(sobel == [0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4, 0])
        let impulse: [Double] = [0, 0, 0, 0, 1, 0, 0, 0, 0]
        let laplace = try filtered(impulse, shape: [3, 3], as: Double.self) {
            try laplaceFilter($0, into: $1, mode: .constant)
        }
        #expect(laplace == [0, 1, 0, 1, -4, 1, 0, 1, 0])
    }

    @Test func gaussianKernelValues() {
        let k = GaussianKernel.weights(sigma: 1, order: 0, radius: 1)
        let e = 0.6065306597126334  // exp(-1/2)
        #expect(abs(k[0] - e / (1 + 2 * e)) < 1e-15 && abs(k[1] - 1 / (1 + 2 * e)) < 1e-15)
        for order in 0...3 {
            let w = GaussianKernel.weights(sigma: 2, order: order, radius: 8)
            // Correlating with the reversed derivative kernel: sign pattern of (-1)^order.
            #expect(zip(w, w.reversed()).allSatisfy { abs($0 - (order % 2 == 0 ? $1 : -$1)) < 1e-15 })
        }
        #expect(abs(GaussianKernel.weights(sigma: 3, order: 0, radius: 12).reduce(0, +) - 1) < 1e-15)
        #expect(GaussianKernel.radius(sigma: 2, truncate: 4) == 8)
    }

    @Test func inPlaceEqualsOutOfPlace() throws {
        let shape = try ImageShape([9, 33])
        let input = pseudoRandom(count: shape.count).map { Float($0) }
        let expected = try filtered(input, shape: shape.dims, as: Float.self) {
            try edgeFilter($0, into: $1, operator: .prewitt, axis: nil)
        }
        var buffer = input
        try buffer.withUnsafeMutableBufferPointer { b in
            let view = MutableImageView(base: b.baseAddress!, shape: shape)
            try edgeFilter(view.readOnly, into: view, operator: .prewitt, axis: nil)
        }
        #expect(buffer.map(Double.init) == expected)
    }

    @Test func resultsDoNotDependOnThreadCount() throws {
        let shape = [6, 70, 90]
        let input = pseudoRandom(count: shape.reduce(1, *)).map { UInt16(max(0, $0 + 50)) }
        defer { Parallel.threadCount = 0 }
        var results: [[Double]] = []
        for threads in [1, 2, 3] {
            Parallel.threadCount = threads
            results.append(try filtered(input, shape: shape, as: Float.self) {
                try gaussianGradientMagnitude($0, into: $1, sigma: [1, 2, 1.5])
            })
        }
        #expect(results[0] == results[1] && results[1] == results[2])
        // One symmetric term: rows come out in fours, pairs or alone depending on the split.
        let plane = pseudoRandom(count: 71 * 93).map { UInt16(max(0, $0 + 50)) }
        var gaussians: [[Double]] = []
        for threads in [1, 2, 3, 5] {
            Parallel.threadCount = threads
            gaussians.append(try filtered(plane, shape: [71, 93], as: Double.self) {
                try gaussianFilter($0, into: $1, sigma: [2.5, 1.5])
            })
        }
        #expect(gaussians.dropFirst().allSatisfy { $0 == gaussians[0] })
    }

    @Test func invalidArgumentsThrow() throws {
        let input: [Float] = [1, 2, 3, 4]
        func attempt(_ body: (ImageView<Float>, MutableImageView<Float>) throws -> Void) -> EngineError? {
            do { _ = try filtered(input, shape: [2, 2], as: Float.self, body); return nil }
            catch let e as EngineError { return e } catch { return nil }
        }
        #expect(attempt { try gaussianFilter($0, into: $1, sigma: [-1, 1]) } != nil)
        #expect(attempt { try gaussianFilter($0, into: $1, sigma: [.nan, 1]) } != nil)
        #expect(attempt { try gaussianFilter($0, into: $1, sigma: [1]) } != nil)
        #expect(attempt { try gaussianFilter($0, into: $1, sigma: [1e12, 1]) } != nil)
        #expect(attempt { try gaussianFilter($0, into: $1, sigma: [1, 1], truncate: 0) } != nil)
        #expect(attempt { try uniformFilter($0, into: $1, size: [0, 3]) } != nil)
        #expect(attempt { try uniformFilter($0, into: $1, size: [3, 3], origin: [2, 0]) } != nil)
        #expect(attempt { try edgeFilter($0, into: $1, operator: .sobel, axis: 2) } != nil)
        #expect(attempt { try unsharpMask($0, into: $1, radius: [1, 1], amount: .infinity) } != nil)
        #expect(throws: EngineError.self) { try ImageShape([5]) }
        #expect(throws: EngineError.self) { try ImageShape([3, 0]) }
        #expect(throws: EngineError.self) { try ImageShape([Int.max, 3]) }
        #expect(throws: EngineError.self) { try Kernel1D([]) }
    }
}
