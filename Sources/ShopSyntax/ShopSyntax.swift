// The ShopSyntax module: see docs/architecture.md.
