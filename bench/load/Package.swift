// swift-tools-version:6.0
// A benchmark package apart from ShopLab's own graph (see README.md). Its ShopCore,
// ShopFrames and CZlib sources are symlinks to the real ones, because the main package
// exports no library product to depend on.
import PackageDescription

let package = Package(
  name: "LoadBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .target(name: "ShopCore", path: "Sources/ShopCore"),
    .target(name: "ShopFrames", dependencies: ["ShopCore", "CZlib"], path: "Sources/ShopFrames"),
    .executableTarget(name: "loadbench", dependencies: ["ShopFrames"], path: "Sources/loadbench"),
  ]
)
