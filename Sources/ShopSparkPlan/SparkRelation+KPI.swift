/// `kpi` (every metric of the local `kpi`, gross or net) as one Spark aggregation, with
/// the definitions of ShopLab's local `kpi` (ShopFrames' `Frame.kpi`):
///
/// - a sale line has quantity > 0, a return line < 0; gmv sums the amount of sale lines
///   (null amounts as 0), net revenue the amount of sale and return lines;
/// - an order (the order column; a null id makes the line an order of its own) is a sale
///   order when it has a sale line, counted once per group it has lines in, and a
///   cancellation when it has return lines only;
/// - customers are the distinct customers of sale orders, repeaters those with two or more;
///   aov = revenue / orders, repeat_rate = repeaters / customers, frequency = sale orders
///   of known customers / customers, items_per_order = quantity (of sale lines; net: of
///   sale and return lines) / orders, cancel_rate = cancellations / (orders +
///   cancellations), each null over 0;
/// - `by month` (day, week): an order belongs to the month of its earliest line; every
///   month from the first to the last is a row (orders, customers 0, gmv 0.0, rates null).
///
/// One difference, because Spark has no row order: an order's customer is its smallest
/// customer id, not the one on its first line (the same when each order has one customer).
extension SparkRelation {
  public enum KPIGrouping: Sendable, Equatable {
    case none
    case column(String)
    /// By calendar day, week or month of each order's earliest line; the key column is
    /// named after the unit (`month`).
    case period(time: String, unit: TimeUnit)
  }

  public struct KPIColumns: Sendable {
    public var order: String
    public var customer: String
    public var quantity: String
    /// The line amount (a column, or quantity × price).
    public var amount: SparkExpression

    public init(order: String, customer: String, quantity: String, amount: SparkExpression) {
      self.order = order
      self.customer = customer
      self.quantity = quantity
      self.amount = amount
    }
  }

  /// The metrics come out in the order asked (names of `KPIMetric`: orders, gmv, revenue,
  /// aov, customers, repeat_rate, frequency, items_per_order, cancel_rate), after the key
  /// column (none for the whole table); `net` makes revenue, aov and items_per_order net.
  public static func kpi(
    _ input: SparkRelation, _ c: KPIColumns, metrics: [String], by grouping: KPIGrouping, net: Bool = false
  ) -> SparkRelation {
    func col(_ n: String) -> SparkExpression { .column(n) }
    func fn(_ n: String, _ a: SparkExpression...) -> SparkExpression { .function(n, a) }
    func long(_ v: Int64) -> SparkExpression { .literal(.long(v)) }
    let sale = fn(">", col(c.quantity), long(0))
    let line = fn("or", sale, fn("<", col(c.quantity), long(0)))  // a sale or a return line
    let zero = SparkExpression.literal(.double(0))
    let amount = fn("coalesce", c.amount, zero)
    let quantity = fn("coalesce", fn("double", col(c.quantity)), zero)
    // A null order id: an order of its own (a per-row id Spark makes).
    let orderKey = fn(
      "coalesce", fn("string", col(c.order)), fn("concat", .literal(.string("\u{0}row ")), fn("monotonically_increasing_id")))
    var lines = SparkRelation.withColumns(
      input,
      [
        ("__order", orderKey), ("__sale", fn("if", sale, long(1), long(0))),
        ("__return", fn("if", fn("<", col(c.quantity), long(0)), long(1), long(0))),
        ("__gmv", fn("if", sale, amount, zero)), ("__net", fn("if", line, amount, zero)),
        ("__items", fn("if", net ? line : sale, quantity, zero)),
      ])
    let key: String?
    switch grouping {
    case .none: key = nil
    case .column(let name): key = name
    case .period(let time, let unit):
      let first = SparkRelation.aggregate(
        lines, keys: [col("__order")], aggregates: [.alias(fn("min", col(time)), "__first")])
      lines = .filter(
        .withColumns(
          .join(lines, first, kind: .inner, using: ["__order"]),
          [(unit.rawValue, fn("date_trunc", .literal(.string(unit.rawValue)), col("__first")))]),
        fn("isnotnull", col(unit.rawValue)))
      key = unit.rawValue
    }
    let keys = key.map { [col($0)] } ?? []
    let pairs = SparkRelation.aggregate(
      lines, keys: keys + [col("__order")],
      aggregates: [
        .alias(fn("max", col("__sale")), "__sale"), .alias(fn("max", col("__return")), "__return"),
        .alias(fn("sum", col("__gmv")), "__gmv"), .alias(fn("sum", col("__net")), "__net"),
        .alias(fn("sum", col("__items")), "__items"), .alias(fn("min", col(c.customer)), "__customer"),
      ])
    let saleOrder = fn("==", col("__sale"), long(1))
    let totals = SparkRelation.aggregate(
      pairs, keys: keys,
      aggregates: [
        .alias(fn("sum", col("__sale")), "orders"), .alias(fn("sum", col("__gmv")), "gmv"),
        .alias(fn("sum", col("__net")), "__net"), .alias(fn("sum", col("__items")), "__items"),
        .alias(fn("sum", fn("if", fn("and", fn("==", col("__sale"), long(0)), fn("==", col("__return"), long(1))), long(1), long(0))), "__cancels"),
        .alias(fn("sum", fn("if", fn("and", saleOrder, fn("isnotnull", col("__customer"))), long(1), long(0))), "__known"),
      ])
    let perCustomer = SparkRelation.aggregate(
      .filter(pairs, fn("and", fn("==", col("__sale"), long(1)), fn("isnotnull", col("__customer")))),
      keys: keys + [col("__customer")], aggregates: [.alias(fn("count", long(1)), "__orders")])
    let customers = SparkRelation.aggregate(
      perCustomer, keys: keys,
      aggregates: [
        .alias(fn("count", long(1)), "customers"),
        .alias(fn("sum", fn("if", fn(">=", col("__orders"), long(2)), long(1), long(0))), "__repeaters"),
      ])
    var groups = totals
    if case .period(_, let unit) = grouping {
      // Every period from the first to the last, as locally.
      let p = unit.rawValue
      let bounds = SparkRelation.aggregate(
        totals, keys: [], aggregates: [.alias(fn("min", col(p)), "first"), .alias(fn("max", col(p)), "last")])
      let every = SparkRelation.project(
        bounds, [.alias(fn("explode", fn("sequence", col("first"), col("last"), .literal(unit.step))), p)])
      groups = .join(every, totals, kind: .left, using: [p])
    }
    // A whole table has one row of totals and one of customers: a cross join on no key.
    let joined = SparkRelation.join(groups, customers, kind: .left, using: keys.isEmpty ? [] : [key!])
    func ratio(_ a: SparkExpression, _ b: SparkExpression) -> SparkExpression {
      fn("if", fn("==", b, long(0)), .literal(.null), fn("/", a, b))
    }
    let orders = fn("coalesce", col("orders"), long(0))
    let gmv = fn("coalesce", col("gmv"), zero)
    let revenue = net ? fn("coalesce", col("__net"), zero) : gmv
    let customerCount = fn("coalesce", col("customers"), long(0))
    let cancels = fn("coalesce", col("__cancels"), long(0))
    let columns: [SparkExpression] = metrics.map { m in
      switch m {
      case "orders": return .alias(orders, "orders")
      case "gmv": return .alias(gmv, "gmv")
      case "revenue": return .alias(revenue, "revenue")
      case "aov": return .alias(ratio(revenue, orders), "aov")
      case "customers": return .alias(customerCount, "customers")
      case "frequency": return .alias(ratio(fn("coalesce", col("__known"), long(0)), customerCount), "frequency")
      case "items_per_order": return .alias(ratio(fn("coalesce", col("__items"), zero), orders), "items_per_order")
      case "cancel_rate": return .alias(ratio(cancels, fn("+", orders, cancels)), "cancel_rate")
      default: return .alias(ratio(fn("coalesce", col("__repeaters"), long(0)), customerCount), "repeat_rate")
      }
    }
    let result = SparkRelation.project(joined, keys + columns)
    return keys.isEmpty ? result : .sort(result, [SparkSortKey(col(key!))])
  }
}
