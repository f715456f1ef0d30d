/// ⌊a / b⌋ for any signs (b ≠ 0).
@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// ⌈a / b⌉ for any signs (b ≠ 0).
@inlinable
func ceilDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) == (b < 0)) ? q + 1 : q
}
