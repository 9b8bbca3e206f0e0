// swift-tools-version:6.0
// KPI benchmark: ShopFrames' `kpi` against the same KPIs in pandas on the full UCI Online
// Retail table. Sources/ShopCore, Sources/ShopFrames and Sources/CZlib are symlinks into
// the main package (which has no library product), so this builds the same code in release.
import PackageDescription

let package = Package(
  name: "KPIBench",
  platforms: [.macOS(.v15)],
  targets: [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "ShopCore", path: "Sources/ShopCore"),
    .target(name: "ShopFrames", dependencies: ["ShopCore", "CZlib"], path: "Sources/ShopFrames"),
    .executableTarget(
      name: "kpi-bench", dependencies: ["ShopFrames", "ShopCore"], path: "Sources/KPIBench"),
    // Every cell of the KPI tables in full, to compare two builds byte for byte.
    .executableTarget(
      name: "kpi-dump", dependencies: ["ShopFrames", "ShopCore"], path: "Sources/KPIDump"),
  ]
)
