// The ShopREPL module: see docs/architecture.md.
