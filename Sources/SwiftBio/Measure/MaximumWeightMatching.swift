/// A maximum-weight matching of a sparse bipartite graph (`left` vertices
/// 0 ..< leftCount, `right` vertices 0 ..< rightCount, edges of positive
/// weight): the matched right vertex of each left vertex, or −1.
///
/// Equivalent to a minimum-cost assignment on the dense matrix of negated
/// weights (zero where there is no edge), as
/// `scipy.optimize.linear_sum_assignment` computes it, but solved on each
/// connected component separately by successive shortest augmenting paths
/// (Dijkstra with potentials), stopping when no path gains weight.
public func maximumWeightMatching(leftCount: Int, rightCount: Int, edges: [(left: Int, right: Int, weight: Double)]) throws -> [Int] {
    try require(edges.allSatisfy { $0.left >= 0 && $0.left < leftCount && $0.right >= 0 && $0.right < rightCount },
                "edge vertices out of range")
    try require(edges.allSatisfy { $0.weight.isFinite && $0.weight > 0 }, "edge weights must be finite and positive")
    // Components by union-find over left ∪ right (right offset by leftCount).
    var parent = Array(0..<(leftCount + rightCount))
    func root(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    for e in edges { parent[root(e.left)] = root(leftCount + e.right) }
    var componentEdges: [Int: [Int]] = [:]
    for (k, e) in edges.enumerated() { componentEdges[root(e.left), default: []].append(k) }
    var match = [Int](repeating: -1, count: leftCount)
    for (_, list) in componentEdges.sorted(by: { $0.key < $1.key }) {
        var lefts: [Int: Int] = [:], rights: [Int: Int] = [:]
        var leftIds: [Int] = [], rightIds: [Int] = []
        var local: [(Int, Int, Double)] = []
        for k in list {
            let e = edges[k]
            let i = lefts[e.left] ?? { lefts[e.left] = leftIds.count; leftIds.append(e.left); return leftIds.count - 1 }()
            let j = rights[e.right] ?? { rights[e.right] = rightIds.count; rightIds.append(e.right); return rightIds.count - 1 }()
            local.append((i, j, e.weight))
        }
        let matched = _matchComponent(leftCount: leftIds.count, rightCount: rightIds.count, edges: local)
        for (i, j) in matched.enumerated() where j >= 0 { match[leftIds[i]] = rightIds[j] }
    }
    return match
}

/// Successive shortest paths on one component. Nodes: 0 = source,
/// 1 … L = left, L+1 … L+R = right, L+R+1 = sink; costs are −weight.
@usableFromInline
func _matchComponent(leftCount: Int, rightCount: Int, edges: [(Int, Int, Double)]) -> [Int] {
    let sink = leftCount + rightCount + 1, nodes = sink + 1
    var adjacency = [[(to: Int, cost: Double)]](repeating: [], count: leftCount)
    for (i, j, w) in edges { adjacency[i].append((j, -w)) }
    var matchLeft = [Int](repeating: -1, count: leftCount), matchRight = [Int](repeating: -1, count: rightCount)
    var cost = [Double](repeating: 0, count: rightCount)  // cost of the matched edge into each right vertex
    // Potentials that make every reduced cost non-negative.
    var potential = [Double](repeating: 0, count: nodes)
    for (_, j, w) in edges { potential[1 + leftCount + j] = min(potential[1 + leftCount + j], -w) }
    potential[sink] = (0..<rightCount).map { potential[1 + leftCount + $0] }.min() ?? 0
    var distance = [Double](repeating: .infinity, count: nodes), previous = [Int](repeating: -1, count: nodes)
    for _ in 0..<min(leftCount, rightCount) {
        for k in 0..<nodes { distance[k] = .infinity; previous[k] = -1 }
        distance[0] = 0
        var heap = _MinHeap()
        heap.push(0, 0)
        var done = [Bool](repeating: false, count: nodes)
        while let (d, u) = heap.pop() {
            if done[u] || d > distance[u] { continue }
            done[u] = true
            func relax(_ v: Int, _ c: Double) {
                let reduced = max(0, c + potential[u] - potential[v])
                if d + reduced < distance[v] { distance[v] = d + reduced; previous[v] = u; heap.push(distance[v], v) }
            }
            if u == 0 {
                for i in 0..<leftCount where matchLeft[i] < 0 { relax(1 + i, 0) }
            } else if u <= leftCount {
                let i = u - 1
                for (j, c) in adjacency[i] where matchLeft[i] != j { relax(1 + leftCount + j, c) }
            } else if u < sink {
                let j = u - 1 - leftCount
                if matchRight[j] >= 0 { relax(1 + matchRight[j], -cost[j]) } else { relax(sink, 0) }
            }
        }
        guard distance[sink].isFinite, distance[sink] + potential[sink] - potential[0] < 0 else { break }
        for k in 0..<nodes { potential[k] += min(distance[k], distance[sink]) }
        // Augment: walk back from the sink, flipping left→right steps into matches.
        var v = previous[sink]
        while v > 0 {
            let u = previous[v]  // v is a right node, u the left node before it
            let i = u - 1, j = v - 1 - leftCount
            let c = adjacency[i].first { $0.to == j }!.cost
            matchLeft[i] = j; matchRight[j] = i; cost[j] = c
            v = previous[u]  // the right node i was matched to before (or the source)
        }
    }
    return matchLeft
}

/// A binary min-heap of (key, node) for Dijkstra.
@usableFromInline
struct _MinHeap {
    var items: [(Double, Int)] = []

    mutating func push(_ key: Double, _ node: Int) {
        items.append((key, node))
        var k = items.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            if items[parent].0 <= items[k].0 { break }
            items.swapAt(parent, k); k = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var k = 0
            while true {
                let l = 2 * k + 1, r = l + 1
                var m = k
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == k { break }
                items.swapAt(k, m); k = m
            }
        }
        return top
    }
}
