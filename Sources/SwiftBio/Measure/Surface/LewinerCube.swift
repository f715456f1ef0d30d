/// One cube of the marching-cubes grid and the choice of its tiling, as in
/// Lewiner et al. (2003): the sign pattern of the eight corners picks one of
/// 15 cases; ambiguous cases run face tests (asymptotic decider on a face)
/// and interior tests, and the outcome picks a tiling from the tables.
///
/// Corners are numbered as in the paper (x, y, z bits of the position):
/// 0 (0,0,0), 1 (1,0,0), 2 (1,1,0), 3 (0,1,0), 4 (0,0,1), 5 (1,0,1),
/// 6 (1,1,1), 7 (0,1,1). Values have the iso level subtracted.
///
/// The tests reproduce scikit-image's port of the paper's code, including
/// its tolerance (the double-precision machine epsilon) and its answer
/// `false` where the port's interior test falls off its switch.
struct _LewinerCube {
    var v: SIMD8<Double>
    /// The 8-bit sign word: bit k set when corner k lies above the level.
    var index: Int

    static let epsilon = Double.ulpOfOne

    init(_ v: SIMD8<Double>) {
        self.v = v
        var index = 0
        for k in 0..<8 where v[k] > 0 { index |= 1 << k }
        self.index = index
    }

    /// Face test: true when the face's saddle joins the corners of the
    /// sign `face` asks about (faces 1…6, sign flips the question).
    func faceTest(_ face: Int) -> Bool {
        let a, b, c, d: Double
        switch abs(face) {
        case 1: (a, b, c, d) = (v[0], v[4], v[5], v[1])
        case 2: (a, b, c, d) = (v[1], v[5], v[6], v[2])
        case 3: (a, b, c, d) = (v[2], v[6], v[7], v[3])
        case 4: (a, b, c, d) = (v[3], v[7], v[4], v[0])
        case 5: (a, b, c, d) = (v[0], v[3], v[2], v[1])
        default: (a, b, c, d) = (v[4], v[7], v[6], v[5])
        }
        let acbd = a * c - b * d
        if acbd > -Self.epsilon && acbd < Self.epsilon { return face >= 0 }
        return Double(face) * a * acbd >= 0
    }

    /// Interior test of cases 4 and 10 (along the cube's vertical axis) or,
    /// given a reference edge, of cases 6, 7, 12 and 13.
    func interiorTest(case caseNumber: Int, edge: Int, _ s: Int) -> Bool {
        var at = 0.0, bt = 0.0, ct = 0.0, dt = 0.0
        if caseNumber == 4 || caseNumber == 10 {
            let a = (v[4] - v[0]) * (v[6] - v[2]) - (v[7] - v[3]) * (v[5] - v[1])
            let b = v[2] * (v[4] - v[0]) + v[0] * (v[6] - v[2]) - v[1] * (v[7] - v[3]) - v[3] * (v[5] - v[1])
            let t = -b / (2 * a + Self.epsilon)
            if t < 0 || t > 1 { return s > 0 }
            at = v[0] + (v[4] - v[0]) * t
            bt = v[3] + (v[7] - v[3]) * t
            ct = v[2] + (v[6] - v[2]) * t
            dt = v[1] + (v[5] - v[1]) * t
        } else if let (p, q, rest) = Self.edgeFrame(edge) {
            // The plane through the point where edge p–q crosses the level,
            // parallel to the opposite face: the three edges of `rest`
            // (from, to) are cut at the same parameter.
            let t = v[p] / (v[p] - v[q] + Self.epsilon)
            bt = v[rest.0] + (v[rest.1] - v[rest.0]) * t
            ct = v[rest.2] + (v[rest.3] - v[rest.2]) * t
            dt = v[rest.4] + (v[rest.5] - v[rest.4]) * t
        }
        var test = 0
        if at >= 0 { test |= 1 }
        if bt >= 0 { test |= 2 }
        if ct >= 0 { test |= 4 }
        if dt >= 0 { test |= 8 }
        switch test {
        case 5: return at * ct - bt * dt < Self.epsilon ? s > 0 : false
        case 10: return at * ct - bt * dt >= Self.epsilon ? s > 0 : false
        case 7, 11, 13, 14, 15: return s < 0
        default: return s > 0
        }
    }

    /// Reference edge k as its two corners and the three parallel edges
    /// (start, end corners) in the order the interior test reads them.
    static func edgeFrame(_ edge: Int) -> (Int, Int, (Int, Int, Int, Int, Int, Int))? {
        switch edge {
        case 0: return (0, 1, (3, 2, 7, 6, 4, 5))
        case 1: return (1, 2, (0, 3, 4, 7, 5, 6))
        case 2: return (2, 3, (1, 0, 5, 4, 6, 7))
        case 3: return (3, 0, (2, 1, 6, 5, 7, 4))
        case 4: return (4, 5, (7, 6, 3, 2, 0, 1))
        case 5: return (5, 6, (4, 7, 0, 3, 1, 2))
        case 6: return (6, 7, (5, 4, 1, 0, 2, 3))
        case 7: return (7, 4, (6, 5, 2, 1, 3, 0))
        case 8: return (0, 4, (3, 7, 2, 6, 1, 5))
        case 9: return (1, 5, (0, 4, 3, 7, 2, 6))
        case 10: return (2, 6, (1, 5, 0, 4, 3, 7))
        case 11: return (3, 7, (2, 6, 1, 5, 0, 4))
        default: return nil
        }
    }

    /// The tiling of the classic marching cubes (Lorensen and Cline, 1987):
    /// one fixed triangulation per sign pattern, ambiguities unresolved.
    func classicTiling(_ pool: UnsafePointer<Int8>) -> (start: Int, triangles: Int) {
        let start = Int(_Lewiner.casesClassic.offset) + 16 * index
        var count = 0
        while count < 5 && pool[start + 3 * count] != -1 { count += 1 }
        return (start, count)
    }

    /// The tiling of this cube: where its edge list starts in the pool and
    /// how many triangles it holds (0: the level does not cross the cube).
    func tiling(_ pool: UnsafePointer<Int8>) -> (start: Int, triangles: Int) {
        typealias L = _Lewiner
        let caseNumber = Int(pool[Int(L.cases.offset) + 2 * index])
        guard caseNumber > 0 else { return (0, 0) }
        let config = Int(pool[Int(L.cases.offset) + 2 * index + 1])
        func entry(_ table: _LewinerTable, _ k: Int) -> Int {
            Int(pool[Int(table.offset) + config * Int(table.row) + k])
        }
        func use(_ table: _LewinerTable, _ sub: Int = 0) -> (start: Int, triangles: Int) {
            (Int(table.offset) + config * Int(table.row) + sub * Int(table.sub), Int(table.sub) / 3)
        }
        switch caseNumber {
        case 1: return use(L.tiling1)
        case 2: return use(L.tiling2)
        case 3: return faceTest(entry(L.test3, 0)) ? use(L.tiling3_2) : use(L.tiling3_1)
        case 4: return interiorTest(case: 4, edge: -1, entry(L.test4, 0)) ? use(L.tiling4_1) : use(L.tiling4_2)
        case 5: return use(L.tiling5)
        case 6:
            if faceTest(entry(L.test6, 0)) { return use(L.tiling6_2) }
            return interiorTest(case: 6, edge: entry(L.test6, 2), entry(L.test6, 1)) ? use(L.tiling6_1_1) : use(L.tiling6_1_2)
        case 7:
            var sub = 0
            for k in 0..<3 where faceTest(entry(L.test7, k)) { sub |= 1 << k }
            switch sub {
            case 0: return use(L.tiling7_1)
            case 1, 2: return use(L.tiling7_2, sub - 1)
            case 4: return use(L.tiling7_2, 2)
            case 3: return use(L.tiling7_3, 0)
            case 5: return use(L.tiling7_3, 1)
            case 6: return use(L.tiling7_3, 2)
            default:
                return interiorTest(case: 7, edge: entry(L.test7, 4), entry(L.test7, 3)) ? use(L.tiling7_4_2) : use(L.tiling7_4_1)
            }
        case 8: return use(L.tiling8)
        case 9: return use(L.tiling9)
        case 10, 12:
            let ten = caseNumber == 10
            let test = ten ? L.test10 : L.test12
            let first = faceTest(entry(test, 0)), second = faceTest(entry(test, 1))
            switch (first, second) {
            case (true, true): return use(ten ? L.tiling10_1_1_ : L.tiling12_1_1_)
            case (true, false): return use(ten ? L.tiling10_2 : L.tiling12_2)
            case (false, true): return use(ten ? L.tiling10_2_ : L.tiling12_2_)
            case (false, false):
                let edge = ten ? -1 : entry(test, 3)
                return interiorTest(case: caseNumber, edge: edge, entry(test, 2))
                    ? use(ten ? L.tiling10_1_1 : L.tiling12_1_1) : use(ten ? L.tiling10_1_2 : L.tiling12_1_2)
            }
        case 11: return use(L.tiling11)
        case 13:
            var faces = 0
            for k in 0..<6 where faceTest(entry(L.test13, k)) { faces |= 1 << k }
            let sub = Int(pool[Int(L.subconfig13.offset) + faces])
            switch sub {
            case 0: return use(L.tiling13_1)
            case 1...6: return use(L.tiling13_2, sub - 1)
            case 7...18: return use(L.tiling13_3, sub - 7)
            case 19...22: return use(L.tiling13_4, sub - 19)
            case 23...26:
                let which = sub - 23
                let edge = Int(pool[use(L.tiling13_5_1, which).start])
                return interiorTest(case: 13, edge: edge, entry(L.test13, 6))
                    ? use(L.tiling13_5_1, which) : use(L.tiling13_5_2, which)
            case 27...38: return use(L.tiling13_3_, sub - 27)
            case 39...44: return use(L.tiling13_2_, sub - 39)
            case 45: return use(L.tiling13_1_)
            default: return (0, 0)
            }
        case 14: return use(L.tiling14)
        default: return (0, 0)
        }
    }
}
