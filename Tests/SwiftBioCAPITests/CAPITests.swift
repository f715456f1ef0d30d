import CSwiftBio
import SwiftBioCAPI
import Testing

/// The C ABI's contract: status codes, a thread-local message, no trap on
/// bad arguments.
@Suite struct CAPITests {
    func array(_ data: UnsafeMutableRawPointer?, _ dtype: sb_dtype, _ shape: [Int64]) -> sb_array {
        var a = sb_array()
        a.data = data
        a.dtype = Int32(dtype.rawValue)
        a.ndim = Int32(shape.count)
        withUnsafeMutableBytes(of: &a.shape) { $0.bindMemory(to: Int64.self).update(fromContentsOf: shape + [0, 0, 0].prefix(3 - shape.count)) }
        return a
    }

    func message() -> String { String(cString: exportLastError()) }

    @Test func versionMatchesHeader() {
        #expect(exportABIVersion() == SB_ABI_VERSION)
    }

    @Test func laplaceThroughTheABI() {
        var input: [UInt16] = [0, 0, 0, 0, 4, 0, 0, 0, 0]
        var output = [Float](repeating: 0, count: 9)
        let status = input.withUnsafeMutableBytes { i in
            output.withUnsafeMutableBytes { o in
                var a = array(i.baseAddress, SB_DTYPE_UINT16, [3, 3]), b = array(o.baseAddress, SB_DTYPE_FLOAT32, [3, 3])
                return exportLaplace(&a, &b, Int32(SB_MODE_CONSTANT.rawValue), 0)
            }
        }
        #expect(status == Int32(SB_OK.rawValue))
        #expect(output == [0, 4, 0, 4, -16, 4, 0, 4, 0])
    }

    @Test func errorsAreStatusCodesWithMessages() {
        var buffer = [Double](repeating: 0, count: 16)
        buffer.withUnsafeMutableBytes { p in
            var good = array(p.baseAddress, SB_DTYPE_FLOAT64, [4, 4])
            var out = array(p.baseAddress, SB_DTYPE_FLOAT64, [4, 4])
            #expect(exportLaplace(nil, &out, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            #expect(message().contains("input is NULL"))
            var badType = array(p.baseAddress, sb_dtype(rawValue: 42), [4, 4])
            #expect(exportLaplace(&badType, &out, 0, 0) == Int32(SB_ERR_TYPE.rawValue))
            var intOut = array(p.baseAddress, SB_DTYPE_INT32, [4, 4])
            #expect(exportLaplace(&good, &intOut, 0, 0) == Int32(SB_ERR_TYPE.rawValue))
            #expect(message().contains("float32 or float64"))
            var oneD = array(p.baseAddress, SB_DTYPE_FLOAT64, [16])
            #expect(exportLaplace(&oneD, &out, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            var negative = array(p.baseAddress, SB_DTYPE_FLOAT64, [4, -4])
            #expect(exportLaplace(&negative, &out, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            var mismatched = array(p.baseAddress, SB_DTYPE_FLOAT64, [2, 8])
            #expect(exportLaplace(&good, &mismatched, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            #expect(message().contains("does not match"))
            #expect(exportLaplace(&good, &out, 99, 0) == Int32(SB_ERR_VALUE.rawValue))
            #expect(exportGaussian(&good, &out, nil, nil, 4, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            let sigma = [-1.0, 1.0], order: [Int32] = [0, 0]
            #expect(exportGaussian(&good, &out, sigma, order, 4, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
            #expect(message().contains("sigma"))
            var nullData = array(nil, SB_DTYPE_FLOAT64, [4, 4])
            #expect(exportLaplace(&nullData, &out, 0, 0) == Int32(SB_ERR_VALUE.rawValue))
        }
    }

    @Test func threadSettingRoundTrips() {
        #expect(exportSetNumThreads(1) == 0 && exportGetNumThreads() == 1)
        _ = exportSetNumThreads(0)
        #expect(exportGetNumThreads() >= 1)
    }
}
