extension _PackedFlood {
    /// The highest value rank with a minimal plateau (a connected region of
    /// one value, no lower value beside it) where the markers' tie order
    /// decides a label, or -1.
    ///
    /// The value lists (`floodByLists`) give up where the markers' tie order
    /// could matter, and this is where it most often does: ridges of a
    /// distance transform with a marker at each end. No other flood reaches
    /// a minimal plateau first, so at its rank its markers flood it breadth
    /// first; a pixel that two labels reach in the same generation goes to
    /// whichever marker left the heap first. Starting the heap through that
    /// rank spares the lists' first, doomed attempt. A guess only: the lists
    /// still check everything above it. Gives up (-1) after visiting `budget`
    /// plateau pixels. `tied`: the markers of the tied ranks (`tiedMarkers`).
    func highestPlateauTie(_ plan: _FloodPlan, tied: [UInt64: [Int]], budget: Int) -> Int {
        let state = words.view.base
        var rankOfMarker: [Int: UInt64] = [:]
        for id in markers.indices { rankOfMarker[markers[id]] = markerRanks[id] }
        var marked: [Int] = []
        var restore: UInt32 = 0
        defer { for p in marked { state[p] = restore } }
        for rank in tied.keys.sorted(by: >) {
            for p in marked { state[p] = restore }
            marked.removeAll(keepingCapacity: true)
            restore = Self.free | UInt32(rank)
            let ids = tied[rank]!
            var unreached = Set(ids.map { markers[$0] })
            for id in ids where unreached.remove(markers[id]) != nil {
                let start = marked.count
                var component = [markers[id]], minimal = true
                var stack = component
                while let p = stack.popLast() {
                    for n in plan.neighbours {
                        let j = p + n, w = state[j]
                        if w == restore {
                            guard marked.count < budget else { return -1 }
                            state[j] = w | Self.seen
                            marked.append(j)
                            stack.append(j)
                        } else if w & Self.free != 0 {
                            if UInt64(w & Self.rankMask) < rank { minimal = false }
                        } else if w != 0, let other = rankOfMarker[j] {
                            if other < rank { minimal = false }
                            if other == rank && unreached.remove(j) != nil {
                                component.append(j)
                                stack.append(j)
                            }
                        }
                    }
                }
                guard minimal, component.contains(where: { state[$0] != state[component[0]] }) else { continue }
                if racesTie(plan, markers: component.sorted(), plateau: marked.count - start) { return Int(rank) }
            }
        }
        return -1
    }

    /// Marks a plateau pixel found by `highestPlateauTie`; then a breadth
    /// first flood of it from its markers (`racesTie`) marks it reached, with
    /// its generation modulo 3 and its label id.
    private static let seen: UInt32 = 1 << 30, reached: UInt32 = 1 << 29, generationShift: UInt32 = 27
    private static let rankMask: UInt32 = (1 << 27) - 1, labelMask: UInt32 = (1 << 16) - 1

    /// True when flooding the plateau (marked seen) breadth first from
    /// `markers` reaches a pixel from two labels in one generation.
    private func racesTie(_ plan: _FloodPlan, markers: [Int], plateau: Int) -> Bool {
        let state = words.view.base
        var queue = markers, generation = markers.map { _ in UInt32(0) }
        queue.reserveCapacity(markers.count + plateau)
        generation.reserveCapacity(markers.count + plateau)
        var next = 0
        while next < queue.count {
            let p = queue[next], g = generation[next]
            next += 1
            let label = state[p] & Self.labelMask, child = (g + 1) % 3
            for n in plan.neighbours {
                let j = p + n, w = state[j]
                if w & (Self.seen | Self.reached) == Self.seen {
                    state[j] = Self.free | Self.seen | Self.reached | child << Self.generationShift | label
                    queue.append(j)
                    generation.append(g + 1)
                } else if w & Self.reached != 0 && (w >> Self.generationShift) & 3 == child && w & Self.labelMask != label {
                    return true
                }
            }
        }
        return false
    }
}
