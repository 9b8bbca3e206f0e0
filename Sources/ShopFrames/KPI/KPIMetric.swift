/// A shop KPI over an orders (transaction lines) table. See docs/kpis.md.
public enum KPIMetric: String, CaseIterable, Sendable {
  case orders, gmv, revenue, aov, customers
  case repeatRate = "repeat_rate"
  case frequency
  case itemsPerOrder = "items_per_order"
  case cancelRate = "cancel_rate"

  /// The default set when `kpi` is given no names.
  public static let standard: [KPIMetric] = [.orders, .gmv, .aov, .customers, .repeatRate]

  /// The rule, in words, with `amount` and `quantity` standing for the role columns.
  func definition(basis: KPIBasis, amount: String, quantity: String?, saleRule: String) -> String {
    switch self {
    case .orders: return "orders = distinct orders with a sale line (\(saleRule))"
    case .gmv: return "gmv = sum of \(amount) over sale lines, before cancellations and returns"
    case .revenue:
      return basis == .gross
        ? "revenue = gmv (gross)" : "revenue = sum of \(amount) over all lines, net of cancellations and returns"
    case .aov: return "aov = \(basis == .gross ? "gmv" : "net revenue") / orders"
    case .customers: return "customers = distinct customers with a sale order"
    case .repeatRate: return "repeat_rate = customers with 2+ orders / customers"
    case .frequency: return "frequency = orders of known customers / customers"
    case .itemsPerOrder:
      let q = quantity ?? "quantity"
      return basis == .gross ? "items_per_order = sum of \(q) over sale lines / orders"
        : "items_per_order = sum of \(q) over all lines / orders"
    case .cancelRate:
      return "cancel_rate = cancellation orders (only negative lines) / (orders + cancellation orders)"
    }
  }

  var needsQuantity: Bool { self == .itemsPerOrder }
  var needsCustomer: Bool { self == .customers || self == .repeatRate || self == .frequency }
  var needsAmount: Bool { self == .gmv || self == .revenue || self == .aov }
  /// Net, these are also less the refund column (see `Refunds`).
  public var netOfRefunds: Bool { self == .revenue || self == .aov }
}

/// Whether money is counted before (gross) or after (net) cancellations and returns.
public enum KPIBasis: String, Sendable {
  case gross, net
}
