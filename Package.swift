// swift-tools-version: 6.2
import PackageDescription

// Upcoming-feature flags shared by every target of ours (DESIGN.md §7).
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "OrderFlow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orderflow", targets: ["orderflow"]),
        .executable(name: "dispatch-bench", targets: ["dispatch-bench"]),
        .executable(name: "deadline-bench", targets: ["deadline-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // /metrics in the Prometheus text format, fed through swift-metrics.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // swift-crypto has two majors in the mirror: stay on 3.x until we move on purpose.
        .package(url: "https://github.com/apple/swift-crypto", .upToNextMinor(from: "3.12.3")),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Reads the served openapi.yaml at start to check requests against it
        // (already built for the OpenAPI generator).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure domain: no I/O, no clock, no SQL (DESIGN.md §1).
        .target(
            name: "OrderFlowCore",
            // SHA-256 for the hash chains (pure computation, no I/O).
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictness
        ),
        // The only layer that speaks SQL, for SQLite and PostgreSQL alike.
        .target(
            name: "OrderFlowStore",
            dependencies: [
                "OrderFlowCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Transaction times, the SQLite writer's queue and batch sizes.
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictness
        ),
        // Use cases, one service per chapter of the procedure.
        .target(
            name: "OrderFlowApp",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // bcrypt for staff passwords, run on NIO's thread pool, off the cooperative pool.
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // The background-work runner is a service of the server's group, with metrics per job.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictness
        ),
        // openapi.yaml and the code generated from it, kept apart (DESIGN.md §2).
        .target(
            name: "OrderFlowAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("openapi.yaml")],
            // Public generated code needs explicit import levels under Swift 6
            // (DESIGN.md §2); the generated code's unused-import warnings are its own.
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault"), .unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "OrderFlowHTTP",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowStore",
                "OrderFlowApp",
                "OrderFlowAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The console's templates, message catalogs and static files (DESIGN.md §2: Mustache views).
            resources: [.copy("Console/Templates"), .copy("Console/Messages"), .copy("Console/Static")],
            swiftSettings: strictness
        ),
        .executableTarget(
            name: "orderflow",
            dependencies: [
                "OrderFlowCore",
                "OrderFlowStore",
                "OrderFlowApp",
                "OrderFlowHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictness
        ),
        // benchmarks/dispatch: the day-queue solver on generated days (DESIGN.md §6).
        .executableTarget(
            name: "dispatch-bench",
            dependencies: ["OrderFlowCore"],
            path: "benchmarks/dispatch/Sources",
            swiftSettings: strictness
        ),
        // benchmarks/deadlines: the deadline monitor over a million open orders.
        .executableTarget(
            name: "deadline-bench",
            dependencies: [
                "OrderFlowApp", "OrderFlowStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "benchmarks/deadlines/Sources",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OrderFlowCoreTests",
            dependencies: [
                "OrderFlowCore", "OrderFlowTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OrderFlowStoreTests",
            dependencies: [
                "OrderFlowCore", "OrderFlowStore", "OrderFlowTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OrderFlowAppTests",
            dependencies: [
                "OrderFlowCore", "OrderFlowStore", "OrderFlowApp", "OrderFlowTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OrderFlowHTTPTests",
            dependencies: [
                "OrderFlowCore", "OrderFlowStore", "OrderFlowApp", "OrderFlowHTTP", "OrderFlowTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictness
        ),
        // Shared by the test targets: throwaway SQLite files and a throwaway PostgreSQL cluster.
        .target(
            name: "OrderFlowTestSupport",
            dependencies: [
                "OrderFlowCore", "OrderFlowStore", "OrderFlowApp",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/OrderFlowTestSupport",
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
