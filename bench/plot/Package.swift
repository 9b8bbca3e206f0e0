// swift-tools-version:6.0
// Times ShopPlot renderers in release mode, apart from the main package so that its
// build settings and this executable never leak into ShopLab. Sources/ShopCore and
// Sources/ShopPlot are symlinks to the real targets.
import PackageDescription

let package = Package(
  name: "PlotBench",
  targets: [
    .target(name: "ShopCore"),
    .target(name: "ShopPlot", dependencies: ["ShopCore"]),
    .executableTarget(name: "PlotBench", dependencies: ["ShopPlot", "ShopCore"]),
  ]
)
