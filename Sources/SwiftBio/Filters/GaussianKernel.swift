#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sampled Gaussian kernels and their derivatives, as scipy.ndimage builds
/// them (`_gaussian_kernel1d`): `φ(x) = exp(−x²/2σ²)` on `x = −r … r`,
/// normalised to sum 1, times the polynomial `q(x)` with `(q·φ)⁽ⁿ⁾ = qₙ·φ`.
public enum GaussianKernel {
    /// Half-width scipy uses: `Int(truncate · σ + 0.5)`.
    public static func radius(sigma: Double, truncate: Double) -> Int {
        Int(truncate * sigma + 0.5)
    }

    /// Correlation weights of the `order`-th derivative (order 0 smooths).
    /// Like scipy's `gaussian_filter1d`, the kernel is reversed so that
    /// correlating with it convolves with the derivative.
    public static func weights(sigma: Double, order: Int, radius: Int) -> [Double] {
        let sigma2 = sigma * sigma
        let xs = (-radius...radius).map(Double.init)
        var phi = xs.map { exp(-0.5 / sigma2 * $0 * $0) }
        let total = phi.reduce(0, +)
        phi = phi.map { $0 / total }
        if order == 0 { return phi }
        // q holds polynomial coefficients, q[j] for x^j; start with q = 1 and
        // apply q ↦ q' − q·x/σ² (the derivative of q·φ divided by φ) order times.
        var q = [Double](repeating: 0, count: order + 1)
        q[0] = 1
        for _ in 0..<order {
            var next = [Double](repeating: 0, count: order + 1)
            for j in 0...order {
                if j + 1 <= order { next[j] += Double(j + 1) * q[j + 1] }
                if j >= 1 { next[j] -= q[j - 1] / sigma2 }
            }
            q = next
        }
        let kernel = zip(xs, phi).map { x, p in
            var value = 0.0, power = 1.0
            for j in 0...order { value += q[j] * power; power *= x }
            return value * p
        }
        return kernel.reversed()
    }

    /// The 1D kernel for one axis, or nil where scipy skips the axis (σ ≈ 0).
    @usableFromInline
    static func kernel(sigma: Double, order: Int, truncate: Double) throws -> Kernel1D? {
        guard sigma > 1e-15 else { return nil }
        let r = radius(sigma: sigma, truncate: truncate)
        try require(r <= 1 << 20, "sigma \(sigma) with truncate \(truncate) makes a kernel of radius \(r): too large")
        return try Kernel1D(weights(sigma: sigma, order: order, radius: r))
    }
}
