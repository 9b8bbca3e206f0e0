// The ShopPlot module: see docs/architecture.md.
