// The ShopRuntime module: see docs/architecture.md.
