// The ShopModels module: see docs/architecture.md.
