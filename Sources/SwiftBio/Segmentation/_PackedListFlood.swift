/// The packed plain flood by value lists, for the ranks the heap leaves.
///
/// scikit-image's flood pops entries in (value, age) order, and a pushed
/// entry's value is at least the value of the entry that pushed it: the
/// queue only rises. So the pop order is simply sorted by value rank, then
/// age; ages grow with every push, so one first-in first-out list per rank
/// gives that order in O(1) per pixel. The one thing such lists cannot give
/// is how the binary heap orders markers of equal value (all age 0). Here
/// they leave in raster order instead, and the flood checks that this
/// choice cannot matter; where it could, it gives up.
///
/// The check. Two entries of equal value order by age, that is by the pop
/// order of the pixels that pushed them. Unfolding this, the order of two
/// entries depends on the markers' tie order only when their chains of
/// pushers have equal value ranks, generation by generation, back to two
/// equal-valued markers. Call such entries one class: a class's entries
/// leave together, so reordering them moves nothing else, and a different
/// tie order could change a label only where a pixel is claimed by one
/// entry while another entry of the same class, with another label, also
/// borders it. Every claimed pixel carries a tag of its claimant's class (a
/// hash of the chain's ranks and the markers' value, stored above the label
/// id in its word); an entry that finds a neighbour of another label tagged
/// with its own class gives up. The tag is 0 for markers, for pixels the
/// heap flooded (their order is exact) and for floods from markers whose
/// value no other label's marker shares. Equal tags of different classes
/// only cost a needless exact run.
extension _PackedFlood {
    /// Floods the entries in `lists` and every pixel they reach, from value
    /// rank `level`; returns nil when done, or the rank where the markers'
    /// ties could matter (then `log` holds the pixels flooded since `age`).
    /// `markerClasses`: the class of each tied rank's markers.
    func floodByLists(
        _ plan: _FloodPlan, lists: _RankLists, log: _FloodLog, markerClasses: [Int: UInt64], from level: Int,
        age: inout Int
    ) -> Int? {
        let state = words.view.base, marker = _RankLists.marker, labelBits = UInt32(self.labelBits)
        let tagShift = UInt64(64) - UInt64(31 - labelBits), labelMask = (UInt32(1) << labelBits) &- 1
        @inline(__always) func tag(_ cls: UInt64) -> UInt32 {
            cls == 0 ? 0 : Swift.max(1, UInt32(truncatingIfNeeded: cls >> tagShift))
        }
        var level = level
        while let entry = lists.pop(from: &level) {
            let ahead = Int(lists.ahead(at: level) & ~marker)
            for offset in plan.nearbyRows { prefetch(state + (ahead + offset)) }
            let p = Int(entry & ~marker), word = state[p], label = word & labelMask
            let pushedBy = UInt64(word >> labelBits)
            let cls = entry & marker != 0 ? markerClasses[level] ?? 0 : pushedBy == 0 ? 0 : Self.classMix(UInt64(level), pushedBy)
            let own = tag(cls), claimed = label | own << labelBits
            for n in plan.neighbours {
                let j = p + n, w = state[j]
                if w & Self.free != 0 {
                    age += 1
                    state[j] = claimed
                    log.record(j, age: age, freeWord: w)
                    lists.append(UInt32(truncatingIfNeeded: j), rank: Swift.max(Int(w & ~Self.free), level))
                } else if own != 0 && w >> labelBits == own && w & labelMask != label {
                    return level
                }
            }
        }
        return nil
    }

    /// The class of the markers of each tied rank (`tiedMarkers`); the
    /// others have none.
    static func markerClasses(_ tied: [UInt64: [Int]]) -> [Int: UInt64] {
        Dictionary(uniqueKeysWithValues: tied.keys.map { (Int($0), classMix($0, 0x5EED)) })
    }

    /// The class of an entry of value rank `rank` pushed by one tagged
    /// `parent`: a well-mixed hash, never 0 (0 means no class).
    @inline(__always) static func classMix(_ rank: UInt64, _ parent: UInt64) -> UInt64 {
        var h = (rank &+ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9 ^ parent &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ h >> 32 | 1
    }
}
