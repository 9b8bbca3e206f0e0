// swift-tools-version:6.1
// ShopLab: a notebook-like scripting REPL for e-commerce data analysis.
//
// This file is the table of contents. Dependencies point one way:
//   shoplab (exe: the command line, swift-argument-parser) -> ShopREPL -> ShopScripts -> ShopRuntime -> {ShopSyntax, ShopFrames, ShopPlot,
//   ShopModels, ShopStore} -> ShopCore
// Each C library is imported by exactly one target.
//
// Spark Connect (docs/spark.md): ShopArrow and ShopSparkPlan are plain targets in the
// default build; the gRPC client in ShopSpark compiles only with the package trait `Spark`
// (`swift build --traits Spark`), so the default build never builds gRPC, NIO or BoringSSL.
import PackageDescription

/// The gRPC stack, linked into ShopSpark only when the `Spark` trait is enabled.
let whenSpark: TargetDependencyCondition? = .when(traits: ["Spark"])

/// Numeric and parsing targets are compiled with optimisation even in debug builds,
/// because the test suite runs them on real data (see docs/architecture.md).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "ShopLab",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "shoplab", targets: ["shoplab"])
  ],
  traits: [
    .trait(name: "Spark", description: "The Spark Connect client (gRPC): `connect spark`, remote tables")
  ],
  // The command-line parser is the executable's alone: no library target depends on it.
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
  ],
  targets: [
    // MARK: C system libraries
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // ShopTensor's own C kernels (small GEMMs, LSTM gate loops) for AVX-512, AVX2 and baseline,
    // picked at run time: Swift has no per-function target attribute (docs/forecasting-core.md).
    // Optimised in debug too; -ffp-contract=off so only the written fused multiply-adds fuse.
    .target(name: "CShopKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),

    // MARK: Core libraries
    .target(name: "ShopCore"),
    .target(name: "ShopSyntax", dependencies: ["ShopCore"]),
    .target(name: "ShopFrames", dependencies: ["ShopCore", "CZlib"], swiftSettings: optimisedInDebug),
    .target(name: "ShopPlot", dependencies: ["ShopCore"], swiftSettings: optimisedInDebug),
    .target(name: "ShopTensor", dependencies: ["ShopCore", "COpenBLAS", "CShopKernels"], swiftSettings: optimisedInDebug),
    .target(name: "ShopModels", dependencies: ["ShopTensor", "ShopCore"], swiftSettings: optimisedInDebug),
    .target(name: "ShopStore", dependencies: ["ShopCore", "ShopFrames", "CSQLite"]),
    // Arrow IPC streams (Spark Connect's result format) read into frames; no dependencies
    // beyond the core, so the default build and suite cover it (docs/spark.md).
    .target(name: "ShopArrow", dependencies: ["ShopCore", "ShopFrames"], swiftSettings: optimisedInDebug),
    // Spark Connect plans (relations and expressions) encoded as protobuf by hand: no
    // dependencies, so plan building is tested by the default suite without Spark or gRPC.
    .target(name: "ShopSparkPlan"),
    // The Spark Connect client: empty unless built with the `Spark` trait.
    .target(
      name: "ShopSpark",
      dependencies: [
        "ShopCore", "ShopFrames", "ShopArrow", "ShopSparkPlan", "ShopRuntime",
        .product(name: "GRPCCore", package: "grpc-swift-2", condition: whenSpark),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport", condition: whenSpark),
      ]),

    // MARK: The interpreter and its front end
    .target(
      name: "ShopRuntime",
      dependencies: ["ShopCore", "ShopSyntax", "ShopFrames", "ShopPlot", "ShopModels", "ShopStore", "ShopSparkPlan"]),
    // Scripts and lessons: cutting a .shop file into inputs, the lesson markup, answer checks.
    .target(name: "ShopScripts", dependencies: ["ShopRuntime", "ShopSyntax", "ShopFrames", "ShopCore"]),
    .target(
      name: "ShopREPL",
      dependencies: ["ShopScripts", "ShopRuntime", "ShopSyntax", "ShopFrames", "ShopStore", "ShopCore", "CReadline"]),
    .executableTarget(
      name: "shoplab",
      dependencies: ["ShopREPL", "ShopSpark", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

    // MARK: Tests
    .target(name: "ShopTestSupport", dependencies: ["ShopCore"], path: "Tests/ShopTestSupport"),
    .testTarget(name: "ShopCoreTests", dependencies: ["ShopCore", "ShopTestSupport"]),
    .testTarget(name: "ShopSyntaxTests", dependencies: ["ShopSyntax", "ShopTestSupport"]),
    .testTarget(name: "ShopFramesTests", dependencies: ["ShopFrames", "ShopTestSupport"]),
    .testTarget(name: "ShopPlotTests", dependencies: ["ShopPlot", "ShopTestSupport"], exclude: ["Snapshots"]),
    .testTarget(name: "ShopTensorTests", dependencies: ["ShopTensor", "ShopTestSupport"]),
    .testTarget(name: "ShopModelsTests", dependencies: ["ShopModels", "ShopTestSupport"]),
    .testTarget(name: "ShopArrowTests", dependencies: ["ShopArrow", "ShopFrames", "ShopTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "ShopSparkPlanTests", dependencies: ["ShopSparkPlan", "ShopTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "ShopSparkTests", dependencies: ["ShopSpark", "ShopTestSupport"]),
    // Against a live server; skipped unless scripts/spark-tests.sh runs them (docs/spark.md).
    .testTarget(
      name: "SparkIntegrationTests",
      dependencies: ["ShopSpark", "ShopSparkPlan", "ShopCore", "ShopREPL", "ShopRuntime", "ShopStore", "ShopFrames", "ShopTestSupport"]),
    .testTarget(name: "ShopStoreTests", dependencies: ["ShopStore", "ShopTestSupport"]),
    .testTarget(name: "ShopRuntimeTests", dependencies: ["ShopRuntime", "ShopTestSupport"], exclude: ["Snapshots"]),
    .testTarget(name: "ScriptTests", dependencies: ["ShopREPL", "ShopScripts", "ShopStore", "ShopTestSupport"]),
  ]
)
