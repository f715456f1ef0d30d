#if canImport(Glibc)
import Glibc
#endif
import SwiftBio
@testable import SwiftBioIO
import Testing

/// A fresh path in the system's temporary folder.
func temporaryFile(_ name: String) -> String {
    "/tmp/swiftbio-test-\(getpid())-\(name)"
}

@Suite struct TIFFTests {
    func roundTrip<T>(_ values: [T], shape: [Int], type code: String, options: TIFFWriteOptions) throws -> ([T], TIFFInfo) {
        let path = temporaryFile("\(code)-\(options.compression)-\(shape.count).tif")
        defer { unlink(path) }
        try values.withUnsafeBytes {
            try TIFFWriter.write(path: path, data: $0.baseAddress!, shape: shape, pixelType: TIFFPixelType(code: code)!,
                                 options: options)
        }
        let info = try TIFFReader.info(path: path)
        var back = values
        try back.withUnsafeMutableBytes {
            try TIFFReader.read(path: path, pages: Array(0..<info.pageCount), into: $0.baseAddress!, bytes: $0.count)
        }
        return (back, info)
    }

    @Test(arguments: [1, 5, 8, 32773])
    func stacksRoundTripEveryCompression(compression: Int) throws {
        let shape = [3, 37, 301]
        let values = (0..<shape.reduce(1, *)).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        var options = TIFFWriteOptions(axes: "ZYX")
        options.compression = compression
        let (back, info) = try roundTrip(values, shape: shape, type: "u2", options: options)
        #expect(back == values)
        #expect(info.shape == shape && info.pageCount == 3 && info.compression == compression)
    }

    @Test func everyPixelTypeRoundTrips() throws {
        let shape = [5, 19]
        #expect(try roundTrip((0..<95).map { $0 % 3 == 0 }, shape: shape, type: "b1", options: .init(axes: "YX")).0
                == (0..<95).map { $0 % 3 == 0 })
        #expect(try roundTrip((0..<95).map { Int8($0 - 50) }, shape: shape, type: "i1", options: .init(axes: "YX")).0
                == (0..<95).map { Int8($0 - 50) })
        #expect(try roundTrip((0..<95).map { Int16(-$0 * 300) }, shape: shape, type: "i2", options: .init(axes: "YX")).0
                == (0..<95).map { Int16(-$0 * 300) })
        #expect(try roundTrip((0..<95).map { UInt32($0) << 25 }, shape: shape, type: "u4", options: .init(axes: "YX")).0
                == (0..<95).map { UInt32($0) << 25 })
        #expect(try roundTrip((0..<95).map { Float($0) / 7 }, shape: shape, type: "f4", options: .init(axes: "YX")).0
                == (0..<95).map { Float($0) / 7 })
        #expect(try roundTrip((0..<95).map { -Double($0) / 3 }, shape: shape, type: "f8", options: .init(axes: "YX")).0
                == (0..<95).map { -Double($0) / 3 })
    }

    @Test func imageJHyperstackKeepsDimensionsAndSpacing() throws {
        var options = TIFFWriteOptions(axes: "TZCYX")
        options.imageJ = true
        options.spacing = [0.25, 0.5, 2]
        options.unit = "um"
        let shape = [2, 3, 4, 8, 9]
        let (back, info) = try roundTrip((0..<shape.reduce(1, *)).map { Float($0) }, shape: shape, type: "f4", options: options)
        #expect(back == (0..<shape.reduce(1, *)).map { Float($0) })
        #expect(info.isImageJ && info.shape == shape && info.axes == "TZCYX")
        #expect(info.spacing[0]! == 0.25 && info.spacing[1]! == 0.5 && info.spacing[2]! == 2 && info.unit == "um")
    }

    @Test func tilesAndRGB() throws {
        var options = TIFFWriteOptions(axes: "YXS")
        options.tile = (16, 32)
        options.compression = 8
        let shape = [37, 45, 3]
        let values = (0..<shape.reduce(1, *)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let (back, info) = try roundTrip(values, shape: shape, type: "u1", options: options)
        #expect(back == values && info.isTiled && info.pageShape == [37, 45, 3])
    }

    @Test func descriptionParsers() {
        let fields = imageJFields("ImageJ=1.11a\nimages=6\nslices=3\nunit=\\u00B5m\nspacing=0.5\n")!
        #expect(fields["slices"] == "3" && unescapedUnit(fields["unit"]!) == "µm" && fields["spacing"] == "0.5")
        #expect(imageJFields("{\"shape\": [2, 3]}") == nil)
        #expect(jsonShape("{\"shape\": [2, 30, 4]}") == [2, 30, 4])
        #expect(jsonShape("{\"shape\": [2, -1]}") == nil)
        let ome = "<?xml?><OME><Image><Pixels DimensionOrder=\"XYCZT\" SizeX='4' SizeY=\"3\" PhysicalSizeX=\"0.2\">"
        #expect(omePixelsAttributes(ome)?["DimensionOrder"] == "XYCZT" && omePixelsAttributes(ome)?["SizeX"] == "4")
    }

    @Test func badFilesAndArgumentsThrow() throws {
        #expect(throws: EngineError.self) { try TIFFReader.info(path: "/nonexistent/x.tif") }
        #expect(throws: EngineError.self) { try TIFFReader.info(path: "/tmp") }
        let text = temporaryFile("text.tif")
        defer { unlink(text) }
        let file = fopen(text, "w")
        fputs("not a tiff at all", file)
        fclose(file)
        #expect(throws: EngineError.self) { try TIFFReader.info(path: text) }
        let values = [UInt8](repeating: 1, count: 12)
        let target = temporaryFile("never.tif")
        func write(_ shape: [Int], _ axes: String, _ code: String = "u1") throws {
            try values.withUnsafeBytes {
                try TIFFWriter.write(path: target, data: $0.baseAddress!, shape: shape,
                                     pixelType: TIFFPixelType(code: code)!, options: .init(axes: axes))
            }
        }
        #expect(throws: EngineError.self) { try write([3, 4], "XY") }
        #expect(throws: EngineError.self) { try write([2, 3, 2], "YXS") }
        #expect(throws: EngineError.self) { try write([3, 4], "ZYX") }
        #expect(access(target, F_OK) != 0)
        #expect(throws: EngineError.self) {
            try values.withUnsafeBytes {
                try TIFFWriter.write(path: "/nonexistent/dir/x.tif", data: $0.baseAddress!, shape: [3, 4],
                                     pixelType: TIFFPixelType(code: "u1")!, options: .init(axes: "YX"))
            }
        }
    }
}
