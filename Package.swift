// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Debug builds (and so the tests) check exclusive access at run time; release builds rely on them and skip
    // the checks, which cost the record path about a tenth of its time (specs/benchmark.md).
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "stowage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stowage", targets: ["stowage"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .executableTarget(
            name: "stowage",
            dependencies: [
                "StowageCore",
                "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StowageCore",
            dependencies: [
                "S3",
                "DynamoDB",
                "AWSCore",
                "CivilTime",
                "Expressions",
                "JSONText",
                "CSystem",
                "Codecs",
                "Parquet",
                "ChaCha",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "S3",
            dependencies: [
                "AWSCore",
                "SigV4",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DynamoDB",
            dependencies: [
                "AWSCore",
                "SigV4",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSCore",
            dependencies: [
                "SigV4",
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SigV4",
            dependencies: ["CivilTime", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "CivilTime", swiftSettings: swiftSettings),
        .target(name: "Expressions", dependencies: ["JSONText"], swiftSettings: swiftSettings),
        .target(name: "JSONText", swiftSettings: swiftSettings),
        .target(name: "Parquet", swiftSettings: swiftSettings),
        .target(name: "ChaCha", swiftSettings: swiftSettings),
        .target(
            name: "Codecs",
            dependencies: ["CZstd", "CDeflate", "CIsal", "CSnappy", "CZlib"],
            swiftSettings: swiftSettings
        ),
        .target(name: "CSystem"),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SampleData", swiftSettings: swiftSettings),
        .target(
            name: "AWSTesting",
            dependencies: ["AWSCore", "S3", "DynamoDB"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StowageTesting",
            dependencies: ["StowageCore", "S3", "AWSCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CodecsTests",
            dependencies: ["SampleData", "Codecs"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StowageCoreTests",
            dependencies: [
                "SampleData",
                "StowageCore", "StowageTesting", "AWSTesting", "S3", "DynamoDB", "AWSCore", "Codecs", "Parquet",
                "CSystem",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "S3Tests",
            dependencies: ["AWSTesting", "S3", "AWSCore", "SigV4", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: ["AWSTesting", "AWSCore", "SigV4", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DynamoDBTests",
            dependencies: [
                "AWSTesting", "DynamoDB", "AWSCore", "SigV4", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CivilTimeTests",
            dependencies: ["CivilTime"],
            exclude: ["Vectors"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExpressionsTests",
            dependencies: ["SampleData", "Expressions"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JSONTextTests",
            dependencies: ["JSONText"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ChaChaTests", dependencies: ["ChaCha"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ParquetTests",
            dependencies: ["SampleData", "Parquet"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SigV4Tests",
            dependencies: ["SigV4"],
            swiftSettings: swiftSettings
        ),
    ]
)
