import CSwiftBio
import SwiftBio

@_cdecl("sb_marching_cubes")
public func exportMarchingCubes(
    _ volume: UnsafePointer<sb_array>?, _ mask: UnsafePointer<sb_array>?, _ level: Double, _ hasLevel: Int32,
    _ step: Int64, _ descent: Int32, _ classic: Int32, _ mesh: UnsafeMutablePointer<OpaquePointer?>?,
    _ vertexCount: UnsafeMutablePointer<Int64>?, _ faceCount: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let mask: ImageView<UInt8>?, options: MarchingCubesOptions
        let out: UnsafeMutablePointer<OpaquePointer?>, vertices: UnsafeMutablePointer<Int64>, faces: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let result = try marchingCubes(image, mask: mask, options: options)
            vertices.pointee = Int64(result.vertexCount)
            faces.pointee = Int64(result.faceCount)
            out.pointee = OpaquePointer(Unmanaged.passRetained(result).toOpaque())
        }
    }
    return status {
        var options = MarchingCubesOptions(level: hasLevel != 0 ? level : nil)
        options.stepSize = Int(clamping: step)
        options.descent = descent != 0
        options.classic = classic != 0
        var maskView: ImageView<UInt8>? = nil
        if mask != nil {
            let m = try ArrayArgument(mask, "mask")
            try require(m.dtype == .bool || m.dtype == .uint8, "mask must be bool or uint8")
            maskView = m.view(UInt8.self)
        }
        try runImageCall(ArrayArgument(volume, "volume"),
                         Call(mask: maskView, options: options, out: nonNull(mesh, "mesh"),
                              vertices: nonNull(vertexCount, "vertex_count"), faces: nonNull(faceCount, "face_count")))
    }
}

@_cdecl("sb_mesh_copy")
public func exportMeshCopy(
    _ mesh: OpaquePointer?, _ vertices: UnsafeMutablePointer<Float>?, _ vertexCount: Int64,
    _ faces: UnsafeMutablePointer<Int32>?, _ faceCount: Int64,
    _ normals: UnsafeMutablePointer<Float>?, _ values: UnsafeMutablePointer<Float>?
) -> Int32 {
    status {
        let m = Unmanaged<MarchingCubesMesh>.fromOpaque(UnsafeRawPointer(try nonNull(mesh, "mesh"))).takeUnretainedValue()
        try require(vertexCount == Int64(m.vertexCount) && faceCount == Int64(m.faceCount),
                    "outputs hold \(vertexCount) vertices and \(faceCount) faces, the mesh has \(m.vertexCount) and \(m.faceCount)")
        guard m.vertexCount > 0 else { return }
        try m.copy(vertices: nonNull(vertices, "vertices"), faces: nonNull(faces, "faces"),
                   normals: nonNull(normals, "normals"), values: nonNull(values, "values"))
    }
}

@_cdecl("sb_mesh_free")
public func exportMeshFree(_ mesh: OpaquePointer?) {
    guard let mesh else { return }
    Unmanaged<MarchingCubesMesh>.fromOpaque(UnsafeRawPointer(mesh)).release()
}

@_cdecl("sb_degenerate_faces")
public func exportDegenerateFaces(
    _ vertices: UnsafePointer<sb_array>?, _ faces: UnsafePointer<sb_array>?,
    _ vertexMap: UnsafeMutablePointer<Int32>?, _ faceKept: UnsafeMutablePointer<UInt8>?
) -> Int32 {
    status {
        let v = try ArrayArgument(vertices, "vertices"), f = try ArrayArgument(faces, "faces")
        try require(v.dtype == .float32 && v.shape.rank == 2 && v.shape.width == 3, "vertices must be float32 of shape (V, 3)")
        try require(f.dtype == .int32 && f.shape.rank == 2 && f.shape.width == 3, "faces must be int32 of shape (F, 3)")
        try degenerateFaceMerge(vertices: v.view(Float.self).base, vertexCount: v.shape.height,
                                faces: f.view(Int32.self).base, faceCount: f.shape.height,
                                vertexMap: nonNull(vertexMap, "vertex_map"), faceKept: nonNull(faceKept, "face_kept"))
    }
}
