// swift-tools-version:6.0
// Benchmarks for ShopModels, apart from the main package (STYLE.md habit 10). Sources/ holds
// symlinks to the library targets, so this package builds them in release with no dependency
// on the main Package.swift. Run `bench/models/run.sh`.
import PackageDescription

let package = Package(
  name: "ModelsBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
    .target(name: "CShopKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
    .target(name: "ShopCore"),
    .target(name: "ShopTensor", dependencies: ["ShopCore", "COpenBLAS", "CShopKernels"]),
    .target(name: "ShopModels", dependencies: ["ShopTensor", "ShopCore"]),
    .executableTarget(name: "ModelsBench", dependencies: ["ShopModels", "ShopTensor", "ShopCore"]),
  ]
)
