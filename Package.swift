// swift-tools-version:6.0
import PackageDescription

// MARK: - Build settings
//
// Release builds of the engine are what Python loads. `-Ounchecked` is not
// used: the engine validates user input and must never trap, and the kernels'
// hot loops already work on unchecked pointers inside small helpers.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "swiftbio",
    products: [
        // MARK: Public API
        // The C ABI as a shared library: what the CPython extension links to.
        .library(name: "swiftbio", type: .dynamic, targets: ["SwiftBioCAPI"]),
        // The pure-Swift engine, for Swift users and the engine's tests.
        .library(name: "SwiftBio", targets: ["SwiftBio"]),
    ],
    targets: [
        // MARK: Engine (pure Swift: no Python, no C types, no Foundation)
        // Its one C dependency is a header of compiler hints Swift cannot
        // spell (a cache prefetch), inlined into the kernels: no algorithms.
        .target(name: "SwiftBioHints"),
        .target(name: "SwiftBio", dependencies: ["SwiftBioHints"], swiftSettings: engineSettings),
        // TIFF reading and writing over the system libtiff; C types stay inside.
        .target(name: "SwiftBioIO", dependencies: ["SwiftBio", "CLibTIFF"], swiftSettings: engineSettings),

        // MARK: Implementation details: system libraries and the C ABI
        .systemLibrary(name: "CLibTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        // One public header, shared by the Swift exports and the CPython extension.
        .target(name: "CSwiftBio"),
        // `@_cdecl` exports: argument checks, dtype dispatch, error codes. No algorithms.
        .target(name: "SwiftBioCAPI", dependencies: ["SwiftBio", "SwiftBioIO", "CSwiftBio"], swiftSettings: engineSettings),

        // MARK: Tests
        .testTarget(name: "SwiftBioTests", dependencies: ["SwiftBio"]),
        .testTarget(name: "SwiftBioIOTests", dependencies: ["SwiftBioIO", "SwiftBio"]),
        .testTarget(name: "SwiftBioCAPITests", dependencies: ["SwiftBioCAPI", "CSwiftBio"]),
    ]
)
