/// The per-group sums and counts behind `kpi`, from one pass over the lines and one over
/// the (group, order) pairs.
///
/// A pair is an order within a group: an order split over two groups (two countries)
/// counts in both. Most orders lie in one group (every order does in a period
/// breakdown), so an order's pair in the group of its first line is numbered by the
/// order's own id, and only a pair in a further group takes a number from a hash table.
/// A line without an order is an order of its own. Sums are added in row order, so they
/// are the same to the last bit whatever the pairs' numbering.
struct KPITally {
  var gmv: [Double]
  var net: [Double]
  var qtyGross: [Double]
  var qtyNet: [Double]
  var refunded: [Double]
  var saleOrders: [Int]
  var cancelOrders: [Int]
  /// Sale orders with a known customer.
  var knownOrders: [Int]
  /// Customers with a sale order, and those with two or more.
  var customerTotal: [Int]
  var repeaters: [Int]

  /// A (group, order) pair: its group (-1 while no line has given it one), its first
  /// known customer (-1: none), and whether it has a sale line (bit 0), a return line (bit 1).
  struct Pair {
    var group: Int32 = -1
    var customer: Int32 = -1
    var lines: UInt8 = 0
  }

  /// The numbers per money and quantity line: values and validity (nil quantities: none).
  struct Numbers {
    var values: [Double]
    var valid: Validity
  }

  /// The sale-line signs (see `SaleLines`): an int quantity column's values as they are,
  /// or doubles.
  enum Lines {
    case ints([Int64], Validity)
    case doubles([Double], Validity)
  }

  /// The tally over `lines` (the quantities when `linesAreQuantities`); the other
  /// parameters as below.
  init(
    groups: [Int32]?, groupCount g: Int, orders: KeyCodes, customers: KeyCodes?, lines: Lines,
    linesAreQuantities: Bool, amounts: Numbers?, prices: Numbers?, refunds: [Double]?
  ) {
    switch lines {
    case .ints(let v, let m):
      self.init(
        groups: groups, groupCount: g, orders: orders, customers: customers, signs: v, signValid: m,
        signsAreQuantities: linesAreQuantities, amounts: amounts, prices: prices, refunds: refunds)
    case .doubles(let v, let m):
      self.init(
        groups: groups, groupCount: g, orders: orders, customers: customers, signs: v, signValid: m,
        signsAreQuantities: linesAreQuantities, amounts: amounts, prices: prices, refunds: refunds)
    }
  }

  /// - Parameters:
  ///   - groups: the group of each line (-1: left out); nil puts every line in group 0.
  ///   - signs: > 0 sale line, < 0 return line (see `SaleLines`): the quantities as the
  ///     column holds them when `signsAreQuantities` (an int column is not copied to
  ///     doubles), else the amounts or ones.
  ///   - amounts: the line amounts; nil with `prices` for quantity × price (the signs
  ///     being the quantities), 0 where a factor is null.
  ///   - refunds: money given back per line, summed wherever its line is.
  init<S: KPILineNumber>(
    groups: [Int32]?, groupCount g: Int, orders: KeyCodes, customers: KeyCodes?,
    signs signValues: [S], signValid: Validity, signsAreQuantities: Bool, amounts: Numbers?, prices: Numbers?,
    refunds: [Double]?
  ) {
    assert(amounts != nil || (prices != nil && signsAreQuantities), "no amounts, nor quantities and prices")
    let n = signValues.count
    // Per pair: its group (-1: none yet), first known customer, and whether it has a
    // sale line (bit 0) or a return line (bit 1). Order `o`'s first pair is pair `o`; a
    // further pair (or a line without an order) takes the next number, so there are at
    // most orders + lines pairs. That many are reserved, but memory past the orders is
    // only touched (and paged in) when pairs are made there. The loop writes through
    // pointers: writing into arrays cost a uniqueness check per line.
    let capacity = orders.count + n
    let pairs = UnsafeMutablePointer<Pair>.allocate(capacity: capacity)
    defer { pairs.deallocate() }
    pairs.initialize(repeating: Pair(), count: orders.count)
    var pairCount = orders.count
    var further = PairHashTable(capacity: 16)
    // Sums per group side by side: gmv, net, gross and net quantity, refunded.
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: 5 * g)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: 5 * g)
    // Locals, so the loop reads plain arrays.
    let orderIds = orders.ids
    let customerIds = customers?.ids
    let signMask = signValid.mask
    let amountValues = amounts?.values
    let amountMask = amounts?.valid.mask
    let priceValues = prices?.values ?? []
    let priceMask = prices?.valid.mask
    for i in 0..<n {
      let grp = groups?[i] ?? 0
      if grp < 0 { continue }
      var k = Int(orderIds[i])
      if k < 0 {
        // A line without an order: a pair of its own.
        k = pairCount
        (pairs + k).initialize(to: Pair(group: grp))
        pairCount += 1
      } else if pairs[k].group < 0 {
        pairs[k].group = grp
      } else if pairs[k].group != grp {
        let next = Int32(pairCount)
        let id = further.findOrInsert(UInt64(UInt32(grp)), UInt64(k), next: next)
        if id == next {
          (pairs + pairCount).initialize(to: Pair(group: grp))
          pairCount += 1
        }
        k = Int(id)
      }
      if let customerIds, pairs[k].customer < 0 { pairs[k].customer = customerIds[i] }
      let sum = sums + 5 * Int(grp)
      if let refunds { sum[4] += refunds[i] }
      if let signMask, !signMask[i] { continue }
      let s = signValues[i].kpiDouble
      var a = 0.0
      if let amountValues {
        if amountMask?[i] ?? true { a = amountValues[i] }
      } else if priceMask?[i] ?? true {
        a = s * priceValues[i]
      }
      // The quantity's validity is the sign's, checked above.
      let q = signsAreQuantities ? s : 0
      if s > 0 {
        pairs[k].lines |= 1
        sum[0] += a
        sum[2] += q
      } else if s < 0 {
        pairs[k].lines |= 2
      }
      if s != 0 {
        sum[1] += a
        sum[3] += q
      }
    }
    gmv = (0..<g).map { sums[5 * $0] }
    net = (0..<g).map { sums[5 * $0 + 1] }
    qtyGross = (0..<g).map { sums[5 * $0 + 2] }
    qtyNet = (0..<g).map { sums[5 * $0 + 3] }
    refunded = (0..<g).map { sums[5 * $0 + 4] }
    if refunds != nil { for k in 0..<g { net[k] -= refunded[k] } }

    saleOrders = [Int](repeating: 0, count: g)
    cancelOrders = saleOrders
    knownOrders = saleOrders
    customerTotal = saleOrders
    repeaters = saleOrders
    // Sale orders per (group, customer), counted up to 2: the first makes a customer, the
    // second a repeater. A flat table when groups × customers is small, else a hash.
    let customerCount = customers?.count ?? 0
    let (cells, overflow) = g.multipliedReportingOverflow(by: customerCount)
    var flat = [UInt8](repeating: 0, count: !overflow && cells <= max(1 << 22, 2 * n) ? cells : 0)
    var hashed: [Int: UInt8] = [:]
    for k in 0..<pairCount {
      let grp = Int(pairs[k].group)
      if grp < 0 { continue }
      let lines = pairs[k].lines
      if lines & 1 != 0 {
        saleOrders[grp] += 1
        let c = Int(pairs[k].customer)
        guard c >= 0 else { continue }
        knownOrders[grp] += 1
        let cell = grp * customerCount + c
        let before: UInt8
        if flat.isEmpty {
          before = hashed[cell, default: 0]
          if before < 2 { hashed[cell] = before + 1 }
        } else {
          before = flat[cell]
          if before < 2 { flat[cell] = before + 1 }
        }
        if before == 0 { customerTotal[grp] += 1 } else if before == 1 { repeaters[grp] += 1 }
      } else if lines & 2 != 0 {
        cancelOrders[grp] += 1
      }
    }
  }
}

/// A number a KPI line column holds: a double, or an int read as one where it is used.
protocol KPILineNumber {
  var kpiDouble: Double { get }
}

extension Double: KPILineNumber {
  @inline(__always) var kpiDouble: Double { self }
}

extension Int64: KPILineNumber {
  @inline(__always) var kpiDouble: Double { Double(self) }
}
