/// Perimeter of each region of a 2D label image, as
/// `skimage.measure.perimeter(region, neighborhood=4)` measures it: the
/// region's border pixels (those with a 4-neighbour outside the region)
/// are weighted by how their 4- and diagonal neighbours continue the
/// border (1 for straight runs, √2 for diagonal steps, (1 + √2)/2 at
/// corners).
public enum RegionPerimeter {
    /// Weight of a border pixel with `straight` 4-neighbours and
    /// `diagonal` diagonal neighbours on the same region's border.
    @usableFromInline static let weights: [Double] = {
        var w = [Double](repeating: 0, count: 50)
        for i in [5, 7, 15, 17, 25, 27] { w[i] = 1 }
        for i in [21, 33] { w[i] = 2.0.squareRoot() }
        for i in [13, 23] { w[i] = (1 + 2.0.squareRoot()) / 2 }
        return w
    }()

    @inlinable
    public static func compute<L: PixelScalar>(_ labels: ImageView<L>, _ slots: RegionSlots) -> [Double] {
        let height = labels.shape.height, width = labels.shape.width
        func label(_ y: Int, _ x: Int) -> L? {
            y >= 0 && y < height && x >= 0 && x < width ? labels.row(y)[x] : nil
        }
        func isBorder(_ y: Int, _ x: Int, of value: L) -> Bool {
            guard label(y, x) == value else { return false }
            return label(y - 1, x) != value || label(y + 1, x) != value || label(y, x - 1) != value || label(y, x + 1) != value
        }
        return weights.withUnsafeBufferPointer { weights in
            forEachRegionRun(labels, slots, width: 1, initial: [0], merge: { $0[0] += $1[0] }) { t, _, _, y, x0, x1 in
                let value = labels.row(y)[x0]
                for x in x0..<x1 where isBorder(y, x, of: value) {
                    func on(_ dy: Int, _ dx: Int) -> Int { isBorder(y + dy, x + dx, of: value) ? 1 : 0 }
                    let straight = on(-1, 0) + on(1, 0) + on(0, -1) + on(0, 1)
                    let diagonal = on(-1, -1) + on(-1, 1) + on(1, -1) + on(1, 1)
                    t[0] += weights[1 + 2 * straight + 10 * diagonal]
                }
            }
        }
    }
}
