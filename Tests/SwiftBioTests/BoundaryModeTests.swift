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
            BoundaryMode.mirror.extendLine(s.baseAddress!, count: 3, stride: 1, before: 4, after: 2,
                                           cval: 0, into: &line)
        }
        // mirror: … 10 20 30 20 | 10 20 30 | 20 10
        #expect(line == [10, 20, 30, 20, 10, 20, 30, 20, 10])
    }
}
