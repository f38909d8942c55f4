// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "partnerdash",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "partnerdash", targets: ["partnerdash"]),
        .library(name: "PartnerCore", targets: ["PartnerCore"]),
        .library(name: "PartnerStore", targets: ["PartnerStore"]),
        .library(name: "PartnerWorkspace", targets: ["PartnerWorkspace"]),
        .library(name: "TerminalKit", targets: ["TerminalKit"]),
        .library(name: "PartnerDashboard", targets: ["PartnerDashboard"]),
        .library(name: "PartnerPostgres", targets: ["PartnerPostgres"]),
        // Spawning programs as a shell does, for the tests that run the binary and the benchmark.
        .library(name: "TestSupport", targets: ["TestSupport"]),
        // The catalog and demo names, for the benchmark package (Benchmarks/) that builds worlds.
        .library(name: "PartnerResources", targets: ["PartnerResources"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The configuration file's TOML (docs/CONFIG.md says why this library).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Pure domain: model, commands, rules, queries. No I/O, clock or randomness of its own.
        .target(
            name: "PartnerCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // Persistent dictionaries and sets: a snapshot's copy of the model shares them.
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        // The offer catalog and the demo world's data, shipped as package resources.
        .target(
            name: "PartnerResources",
            path: "Resources",
            sources: ["PartnerResources.swift"],
            resources: [.copy("catalog"), .copy("demo")]
        ),
        // Durability: framed journal, snapshots, codec, lock, recovery (folders per part).
        .target(
            name: "PartnerStore",
            dependencies: [
                "PartnerCore", "CCRC32C", "CWriteback", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        // What both front ends open: the Workspace facade (decide → journal → apply), its
        // outbox of .eml files, export files, the system's cryptographic random source and the
        // diagnostic log's file handler.
        .target(name: "PartnerWorkspace", dependencies: ["PartnerCore", "PartnerStore", .product(name: "Logging", package: "swift-log")]),
        // The configuration file (config.toml): TOMLKit's C++ parser stays out of the
        // other targets; the key tables and presets it checks against are passed in.
        .target(name: "PartnerConfig", dependencies: ["PartnerCore", "TerminalKit", .product(name: "TOMLKit", package: "TOMLKit")]),
        // CRC-32C with the SSE4.2 instruction, chosen at run time (PartnerStore's CRC32C falls back to tables).
        .target(name: "CCRC32C"),
        // sync_file_range, which Swift's Glibc module does not export: a snapshot's pages are
        // written back in pieces as it is written (docs/STORE.md › Snapshot).
        .target(name: "CWriteback"),
        // A terminal toolkit that knows nothing of partners: the app loop, cell grid, keys and
        // keymaps, the Terminal protocol and widgets.
        .target(name: "TerminalKit"),
        // The dashboard's screens, over TerminalKit and the workspace.
        .target(name: "PartnerDashboard", dependencies: ["TerminalKit", "PartnerCore", "PartnerWorkspace"]),
        // The only code that touches ncurses. No pkgConfig: its -D flags are dropped with a
        // warning, and the shim defines them itself; the module map links ncursesw.
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "TerminalNcurses", dependencies: ["CNcurses", "TerminalKit"]),
        // libpq from Debian's libpq-dev, for a workspace kept in PostgreSQL.
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        // The shared mode: a workspace's journal and snapshots in PostgreSQL.
        .target(name: "PartnerPostgres", dependencies: ["CLibPQ", "PartnerCore", "PartnerStore"]),
        // The shared mode behind the Workspace facade: PostgresWorkspaceStore as a
        // WorkspaceBackend, opening by data location, check and copy. Only the CLI needs it;
        // PartnerWorkspace and the dashboard never link libpq.
        .target(name: "PartnerWorkspacePostgres", dependencies: ["PartnerCore", "PartnerStore", "PartnerWorkspace", "PartnerPostgres"]),
        .executableTarget(
            name: "partnerdash",
            dependencies: [
                "PartnerCore", "PartnerStore", "PartnerWorkspace", "TerminalKit", "PartnerDashboard", "TerminalNcurses",
                "PartnerResources", "PartnerPostgres", "PartnerWorkspacePostgres", "PartnerConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PartnerCoreTests",
            dependencies: [
                "PartnerCore", "PartnerResources", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        // Commits in a loop and prints each acknowledged sequence; PartnerStoreTests kills it at random moments.
        // Its --conflicts mode opens a directory or a postgresql:// workspace as the CLI does (PartnerWorkspacePostgres).
        .executableTarget(
            name: "partnerdash-crash-writer",
            dependencies: [
                "PartnerCore", "PartnerStore", "PartnerWorkspace", "PartnerResources", "PartnerPostgres", "PartnerWorkspacePostgres",
                // The benchmark's writer (QuantityWriter), shared with partnerdash-bench.
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "PartnerStoreTests",
            dependencies: [
                "TestSupport", "PartnerCore", "PartnerStore", "PartnerWorkspace", "PartnerResources",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "PartnerDashboardTests",
            dependencies: [
                "TestSupport", "TerminalKit", "PartnerDashboard", "TerminalNcurses", "PartnerCore", "PartnerStore",
                "PartnerWorkspace", "PartnerResources",
            ],
            exclude: ["Golden"]
        ),
        // The configuration file against the dashboard's own key tables and presets.
        .testTarget(name: "PartnerConfigTests", dependencies: ["PartnerConfig", "PartnerDashboard", "TerminalKit", "PartnerCore"]),
        // Runs the built `partnerdash` binary (which `swift test` builds with everything else).
        // PartnerCore and PartnerStore only to write what an old journal may hold (OutputTests).
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "PartnerCore", "PartnerStore", "PartnerResources"]),
        // Drives the built binary in tmux on a private socket, as a person would.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "PartnerCore"]),
        // The shared mode against a throwaway PostgreSQL (TestSupport starts one, or .ci/run does).
        .testTarget(name: "PartnerPostgresTests", dependencies: ["TestSupport", "PartnerPostgres", "PartnerCore", "PartnerStore", "PartnerResources"]),
        // The Workspace facade and the dashboard's session over a workspace in PostgreSQL.
        .testTarget(name: "PartnerWorkspacePostgresTests", dependencies: [
            "TestSupport", "PartnerWorkspacePostgres", "PartnerWorkspace", "PartnerPostgres", "PartnerDashboard", "TerminalKit",
            "PartnerCore", "PartnerStore", "PartnerResources",
        ]),
        // Spawning helpers shared by the tests that run the binary.
        // (PartnerCore: the concurrent-writer tests' checks of acknowledged changes against a model.)
        .target(name: "TestSupport", dependencies: ["PartnerCore"], path: "Tests/TestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
