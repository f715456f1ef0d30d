import CSwiftBio
import SwiftBio

@_cdecl("sb_mesh_surface_area")
public func exportMeshSurfaceArea(
    _ vertices: UnsafePointer<sb_array>?, _ faces: UnsafePointer<sb_array>?, _ area: UnsafeMutablePointer<Double>?
) -> Int32 {
    status {
        let v = try ArrayArgument(vertices, "vertices"), f = try ArrayArgument(faces, "faces")
        let result = try nonNull(area, "area")
        try require(v.shape.rank == 2 && v.shape.width == 3, "vertices must have shape (V, 3), got \(v.shape)")
        try require(f.shape.rank == 2 && f.shape.width == 3, "faces must have shape (F, 3), got \(f.shape)")
        func sum<V: BinaryFloatingPoint>(_: V.Type) throws -> Double {
            let points = v.view(V.self).base
            switch f.dtype {
            case .int32: return try meshSurfaceArea(vertices: points, vertexCount: v.shape.height,
                                                    faces: f.view(Int32.self).base, faceCount: f.shape.height)
            case .uint32: return try meshSurfaceArea(vertices: points, vertexCount: v.shape.height,
                                                     faces: f.view(UInt32.self).base, faceCount: f.shape.height)
            default: throw EngineError.unsupportedType("faces must be int32 or uint32, got \(f.dtype.name)")
            }
        }
        switch v.dtype {
        case .float32: result.pointee = try sum(Float.self)
        case .float64: result.pointee = try sum(Double.self)
        default: throw EngineError.unsupportedType("vertices must be float32 or float64, got \(v.dtype.name)")
        }
    }
}
