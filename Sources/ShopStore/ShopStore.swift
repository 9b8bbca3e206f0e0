// The ShopStore module: see docs/architecture.md.
