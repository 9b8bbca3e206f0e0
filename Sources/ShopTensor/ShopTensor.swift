// The ShopTensor module: see docs/architecture.md.
