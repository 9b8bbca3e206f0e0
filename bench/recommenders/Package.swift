// swift-tools-version:6.0
// The recommender benchmark's ShopLab side, apart from the main package (STYLE.md habit 10):
// Sources/ holds symlinks to the library targets, built here in release. Run `run.sh`.
import PackageDescription

let package = Package(
  name: "RecommendersBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
    .target(name: "CShopKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
    .target(name: "ShopCore"),
    .target(name: "ShopTensor", dependencies: ["ShopCore", "COpenBLAS", "CShopKernels"]),
    .target(name: "ShopModels", dependencies: ["ShopTensor", "ShopCore"]),
    .executableTarget(name: "RecommendersBench", dependencies: ["ShopModels", "ShopCore"]),
  ]
)
