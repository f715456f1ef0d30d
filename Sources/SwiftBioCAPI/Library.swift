import CSwiftBio
import SwiftBio

@_cdecl("sb_abi_version")
public func exportABIVersion() -> Int32 { SB_ABI_VERSION }

@_cdecl("sb_set_num_threads")
public func exportSetNumThreads(_ n: Int32) -> Int32 {
    Parallel.threadCount = Int(n)
    return Int32(SB_OK.rawValue)
}

@_cdecl("sb_get_num_threads")
public func exportGetNumThreads() -> Int32 { Int32(clamping: Parallel.threadCount) }
