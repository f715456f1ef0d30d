import Testing
@testable import SwiftBio

@Suite struct BoundaryModeTests {
    // Positions -6 ..< 10 of the line a b c d (indices 0 ..< 4), read off the
    // diagrams in BoundaryMode's documentation.
    @Test(arguments: [
        (BoundaryMode.reflect, [2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1]),
        (.mirror, [0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3]),
        (.nearest, [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3]),
        (.wrap, [2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1]),
    ])
    func handComputedPatterns(mode: BoundaryMode, expected: [Int]) {
        #expect((-6..<10).map { mode.sourceIndex($0, count: 4) } == expected)
    }

    @Test func constantHasNoSourceOutside() {
        #expect((-3..<7).map { BoundaryMode.constant.sourceIndex($0, count: 4) }
                == [nil, nil, nil, 0, 1, 2, 3, nil, nil, nil])
    }

    @Test(arguments: BoundaryMode.allCases.filter { $0 != .constant })
    func singlePixelLinesRepeatTheirPixel(mode: BoundaryMode) {
        #expect((-5..<6).allSatisfy { mode.sourceIndex($0, count: 1) == 0 })
    }

    @Test func extendLineConvertsAndExtends() {
        let source: [UInt16] = [10, 20, 30]
        var line = [Float](repeating: -1, count: 9)
        source.withUnsafeBufferPointer { s in
            BoundaryMode.mirror.extendLine(s.baseAddress!, count: 3, from: -4, to: 5, cval: 0, into: &line)
        }
        // mirror: … 10 20 30 20 | 10 20 30 | 20 10
        #expect(line == [10, 20, 30, 20, 10, 20, 30, 20, 10])
    }

    @Test func extendLineSegments() {
        let source: [Int32] = [1, 2, 3, 4, 5, 6]  // read with stride 2: 1 3 5
        func segment(_ mode: BoundaryMode, _ lo: Int, _ hi: Int) -> [Double] {
            var line = [Double](repeating: .nan, count: hi - lo)
            source.withUnsafeBufferPointer { s in
                mode.extendLine(s.baseAddress!, count: 3, stride: 2, from: lo, to: hi, cval: -1, into: &line)
            }
            return line
        }
        #expect(segment(.reflect, 1, 3) == [3, 5])            // inside only
        #expect(segment(.constant, -2, 1) == [-1, -1, 1])     // left border and inside
        #expect(segment(.wrap, 4, 7) == [3, 5, 1])             // entirely right of the line
        #expect(segment(.nearest, -3, -1) == [1, 1])           // entirely left of the line
        #expect(segment(.reflect, -1, 5) == [1, 1, 3, 5, 5, 3])
    }
}
