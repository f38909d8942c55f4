// swift-tools-version: 6.1
import PackageDescription

// The benchmark command, kept out of the main package so that GRDB (the peer it is
// measured against) never enters the main build or CI's `swift test`.
let package = Package(
    name: "partnerdash-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "partnerdash", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "partnerdash-bench",
            dependencies: [
                .product(name: "PartnerCore", package: "partnerdash"),
                .product(name: "PartnerStore", package: "partnerdash"),
                .product(name: "PartnerWorkspace", package: "partnerdash"),
                .product(name: "TerminalKit", package: "partnerdash"),
                .product(name: "PartnerDashboard", package: "partnerdash"),
                .product(name: "PartnerPostgres", package: "partnerdash"),
                .product(name: "PartnerResources", package: "partnerdash"),
                .product(name: "TestSupport", package: "partnerdash"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
