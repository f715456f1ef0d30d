/// The pixels a flood reached, by age (1...), with the words they had
/// while free when the lists flooded them.
final class _FloodLog {
    private let pixels: UnsafeMutablePointer<UInt32>, freeWords: UnsafeMutablePointer<UInt32>
    private let count: Int

    init(pixels count: Int) throws {
        self.count = count + 1
        guard let raw = ScratchPool.shared.take(bytes: 2 * self.count * MemoryLayout<UInt32>.stride) else {
            throw EngineError.outOfMemory("watershed log of \(count) pixels")
        }
        pixels = raw.bindMemory(to: UInt32.self, capacity: 2 * self.count)
        freeWords = pixels + self.count
    }

    deinit { ScratchPool.shared.give(UnsafeMutableRawPointer(pixels), bytes: 2 * count * MemoryLayout<UInt32>.stride) }

    @inline(__always) func pixel(_ age: Int) -> UInt32 { pixels[age] }
    @inline(__always) func record(_ p: Int, age: Int) { pixels[age] = UInt32(truncatingIfNeeded: p) }
    @inline(__always) func record(_ p: Int, age: Int, freeWord: UInt32) {
        pixels[age] = UInt32(truncatingIfNeeded: p)
        freeWords[age] = freeWord
    }

    /// Gives the pixels of `ages`, which the lists flooded, their words back.
    func free(_ ages: Range<Int>, in state: UnsafeMutablePointer<UInt32>) {
        for age in ages { state[Int(pixels[age])] = freeWords[age] }
    }
}
