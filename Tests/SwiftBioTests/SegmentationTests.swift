import Testing
@testable import SwiftBio

/// Hand-checked cases for the segmentation kernels (the Python suite
/// compares them with scikit-image/scipy on thousands of inputs).
@Suite struct SegmentationTests {
    func run<L: FixedWidthInteger>(_ values: [UInt8], _ shape: [Int], connectivity: Int, as _: L.Type) throws -> ([L], Int) {
        var out = [L](repeating: 9, count: values.count)
        let s = try ImageShape(shape)
        let n = try values.withUnsafeBufferPointer { v in
            try out.withUnsafeMutableBufferPointer { o in
                try labelComponents(ImageView(base: v.baseAddress!, shape: s), into: MutableImageView(base: o.baseAddress!, shape: s),
                                    background: 0, connectivity: connectivity)
            }
        }
        return (out, n)
    }

    @Test func labelsInRasterOrderWithConnectivity() throws {
        // 1 . 2      a diagonal pair joins only with connectivity 2;
        // . 1 .      equal values join, different values do not.
        // 3 3 1
        let image: [UInt8] = [1, 0, 2, 0, 1, 0, 3, 3, 1]
        let (four, n4) = try run(image, [3, 3], connectivity: 1, as: Int32.self)
        #expect(n4 == 5 && four == [1, 0, 2, 0, 3, 0, 4, 4, 5])
        let (eight, n8) = try run(image, [3, 3], connectivity: 2, as: UInt32.self)
        #expect(n8 == 3 && eight == [1, 0, 2, 0, 1, 0, 3, 3, 1])
    }

    @Test func labelsLongRunsAndWordBoundaries() throws {
        // Runs crossing 8-byte words, touching diagonally at their ends.
        var image = [UInt8](repeating: 0, count: 2 * 21)
        for x in 0..<13 { image[x] = 1 }
        for x in 13..<21 { image[21 + x] = 1 }
        #expect(try run(image, [2, 21], connectivity: 1, as: Int32.self).1 == 2)
        #expect(try run(image, [2, 21], connectivity: 2, as: Int32.self).1 == 1)
    }

    @Test func distanceTransformHandCases() throws {
        // One background pixel in the middle of a 3x5 image, anisotropic.
        var mask = [Bool](repeating: true, count: 15)
        mask[7] = false
        var distances = [Double](repeating: .nan, count: 15)
        let s = try ImageShape([3, 5])
        try mask.withUnsafeBufferPointer { m in
            try distances.withUnsafeMutableBufferPointer { d in
                try distanceTransform(ImageView(base: m.baseAddress!, shape: s), into: MutableImageView(base: d.baseAddress!, shape: s),
                                      sampling: [2, 1])
            }
        }
        let expected = (0..<15).map { i -> Double in
            let dy = Double(i / 5 - 1) * 2, dx = Double(i % 5 - 2)
            return (dy * dy + dx * dx).squareRoot()
        }
        #expect(distances == expected)
    }

    @Test func watershedSplitsAPlateauByQueueOrder() throws {
        // A flat valley between two markers: pixels go to whichever front
        // reaches them first (queue age), so the middle pixel goes left.
        let image: [Double] = [0, 1, 1, 1, 0]
        var labels: [Int32] = [1, 0, 0, 0, 2]
        let s = try ImageShape([1, 5])
        try image.withUnsafeBufferPointer { i in
            try labels.withUnsafeMutableBufferPointer { l in
                try watershed(ImageView(base: i.baseAddress!, shape: s), labels: MutableImageView(base: l.baseAddress!, shape: s),
                              mask: nil, connectivity: 1, compactness: 0, watershedLine: false)
            }
        }
        #expect(labels == [1, 1, 1, 2, 2])
    }

    @Test func regionalMinimaIgnoreConstantImages() throws {
        let s = try ImageShape([2, 3])
        func minima(_ values: [Double], connectivity: Int) throws -> [Bool] {
            var result = [Bool](repeating: true, count: values.count)
            try values.withUnsafeBufferPointer { v in
                try result.withUnsafeMutableBufferPointer { r in
                    try regionalMinima(ImageView(base: v.baseAddress!, shape: s), connectivity: connectivity,
                                       into: MutableImageView(base: r.baseAddress!, shape: s))
                }
            }
            return result
        }
        #expect(try minima([Double](repeating: 4, count: 6), connectivity: 1) == [Bool](repeating: false, count: 6))
        #expect(try minima([4, 4, 4, 4, 1, 4], connectivity: 2) == [false, false, false, false, true, false])
    }

    @Test func badArgumentsThrow() throws {
        #expect(throws: EngineError.self) { try run([1, 0], [1, 2], connectivity: 3, as: Int32.self) }
        #expect(throws: EngineError.self) { try multiOtsuIndices(probabilities: [0.5, 0.5], count: 2) }
    }

    @Test func radixSortMatchesSort() {
        var generator = SystemRandomNumberGenerator()
        for (count, bits) in [(0, 8), (50, 64), (1000, 5), (20000, 33), (5000, 64)] {
            let mask = bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
            let keys = (0..<count).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) & mask }
            #expect(radixSorted(keys, bits: bits) == keys.sorted())
        }
    }
}
