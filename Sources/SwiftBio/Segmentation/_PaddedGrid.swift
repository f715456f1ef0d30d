/// The image grown by one pixel on every side, raveled.
struct _PaddedGrid {
    let image: ImageShape, shape: ImageShape
    let strides: [Int]

    init(_ image: ImageShape) throws {
        self.image = image
        shape = try ImageShape(image.dims.map { $0 + 2 })
        let dims = shape.dims
        strides = (0..<dims.count).map { a in dims[(a + 1)...].reduce(1, *) }
    }

    /// Padded index of the first pixel of image row `r`.
    @inline(__always) func paddedRow(_ r: Int) -> Int {
        let plane = image.rank == 3 ? r / image.height + 1 : 0
        return (plane * shape.height + r % image.height + 1) * shape.width + 1
    }

    /// Image index of padded index `p` (inside the image).
    func unpadded(_ p: Int) -> Int {
        let x = p % shape.width - 1, y = p / shape.width % shape.height - 1
        let z = image.rank == 3 ? p / (shape.width * shape.height) - 1 : 0
        return (z * image.height + y) * image.width + x
    }

    /// Offsets of the rows holding the neighbours within `connectivity`.
    func rowOffsets(connectivity: Int) -> [Int] {
        let planes = image.rank == 3 ? -1...1 : 0...0
        var offsets: [Int] = []
        for dz in planes {
            for dy in -1...1 where (dz != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) <= connectivity {
                offsets.append(dz * shape.width * shape.height + dy * shape.width)
            }
        }
        return offsets
    }

    /// The image row held by padded row `pr`, nil for a padding row.
    @inline(__always) func imageRow(ofPaddedRow pr: Int) -> Int? {
        let y = pr % shape.height, plane = pr / shape.height
        guard y > 0 && y < shape.height - 1 else { return nil }
        guard image.rank == 3 else { return y - 1 }
        guard plane > 0 && plane < shape.depth - 1 else { return nil }
        return (plane - 1) * image.height + y - 1
    }
}

/// The neighbour offsets a flood visits, and the rows it prefetches.
struct _FloodPlan {
    let neighbours: [Int], nearbyRows: [Int]

    init(grid: _PaddedGrid, connectivity: Int) {
        neighbours = neighbourOffsets(rank: grid.image.rank, connectivity: connectivity, strides: grid.strides)
        nearbyRows = grid.rowOffsets(connectivity: connectivity)
    }
}
