// swift-tools-version:6.0
// Forecasting benchmark for ShopModels (issue 10), apart from the main package (STYLE.md
// habit 10). Sources/ holds symlinks to the library targets, as bench/models does, so this
// package builds them in release. Run `bench/forecast/run.sh`.
import PackageDescription

let package = Package(
  name: "ForecastBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
    .target(name: "ShopCore"),
    .target(name: "ShopTensor", dependencies: ["ShopCore", "COpenBLAS"]),
    .target(name: "ShopModels", dependencies: ["ShopTensor", "ShopCore"]),
    .executableTarget(name: "ForecastBench", dependencies: ["ShopModels", "ShopTensor", "ShopCore"]),
  ]
)
