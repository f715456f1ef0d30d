import CSwiftBio
import SwiftBio

/// A ResultTable handed to C as an owned opaque pointer.
func exportTable(_ table: ResultTable, _ out: UnsafeMutablePointer<OpaquePointer?>) {
    out.pointee = OpaquePointer(Unmanaged.passRetained(table).toOpaque())
}

private func resultTable(_ table: OpaquePointer?) throws -> ResultTable {
    Unmanaged<ResultTable>.fromOpaque(UnsafeRawPointer(try nonNull(table, "table"))).takeUnretainedValue()
}

@_cdecl("sb_table_shape")
public func exportTableShape(
    _ table: OpaquePointer?, _ group: Int32, _ rows: UnsafeMutablePointer<Int64>?, _ width: UnsafeMutablePointer<Int64>?
) -> Int32 {
    status {
        let found = try resultTable(table).group(group)
        try nonNull(rows, "rows").pointee = Int64(found.map { $0.values.count / $0.width } ?? 0)
        try nonNull(width, "width").pointee = Int64(found?.width ?? 0)
    }
}

@_cdecl("sb_table_copy")
public func exportTableCopy(_ table: OpaquePointer?, _ group: Int32, _ out: UnsafeMutablePointer<Double>?, _ count: Int64) -> Int32 {
    status {
        guard let values = try resultTable(table).group(group)?.values else {
            throw EngineError.invalidArgument("table group \(group) was not computed")
        }
        try require(Int64(values.count) == count, "output holds \(count) values, the group has \(values.count)")
        if count > 0 { try nonNull(out, "out").update(from: values, count: values.count) }
    }
}

@_cdecl("sb_table_free")
public func exportTableFree(_ table: OpaquePointer?) {
    guard let table else { return }
    Unmanaged<ResultTable>.fromOpaque(UnsafeRawPointer(table)).release()
}
