// swift-tools-version:6.0
// Forecasting benchmark for ShopModels (issue 10), apart from the main package (STYLE.md
// habit 10). Sources/ holds symlinks to the library targets, as bench/models does, so this
// package builds them in release. Run `bench/forecast/run.sh`.
import Foundation
import PackageDescription

/// SHOPLAB_TARGET_CPU=haswell (or another LLVM CPU name) compiles the Swift kernels for that
/// CPU (AVX2/FMA registers for the SIMD8 loops) instead of baseline x86-64 (SSE2). Off by
/// default: a portable build cannot assume it. run.sh reports both.
let cpu = ProcessInfo.processInfo.environment["SHOPLAB_TARGET_CPU"]
let cpuFlags: [SwiftSetting] = cpu.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

let package = Package(
  name: "ForecastBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
    .target(name: "CShopKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
    .target(name: "ShopCore"),
    .target(name: "ShopTensor", dependencies: ["ShopCore", "COpenBLAS", "CShopKernels"], swiftSettings: cpuFlags),
    .target(name: "ShopModels", dependencies: ["ShopTensor", "ShopCore"]),
    .executableTarget(name: "ForecastBench", dependencies: ["ShopModels", "ShopTensor", "ShopCore"]),
  ]
)
