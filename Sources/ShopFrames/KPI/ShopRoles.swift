/// Which column of a table plays which part in the KPIs: the order id, the customer, the
/// time, the line amount …
///
/// Roles are named once per session (`roles order InvoiceNo, customer CustomerID`) or
/// inferred from common column names (`InvoiceNo`, `order_id`, `CustomerID`, `user_id`,
/// `timestamp` …). Every KPI prints the roles it used, marking the inferred ones, so a
/// guess never passes unseen.
public struct ShopRoles: Sendable, Equatable {
  /// A part a column can play.
  public enum Role: String, CaseIterable, Sendable {
    case order, customer, time, amount, quantity, price, refund, session, event
  }

  /// Roles named explicitly.
  public var columns: [Role: String]
  /// Roles the user said no column plays (`roles event none`): never inferred, so an
  /// order table's `type` column (a payment type) is not taken for an event kind.
  public var none: Set<Role>

  public init(_ columns: [Role: String] = [:], none: Set<Role> = []) {
    self.columns = columns
    self.none = none
  }

  /// The column named for `role`; setting one undoes `none` for that role.
  public subscript(role: Role) -> String? {
    get { columns[role] }
    set {
      columns[role] = newValue
      if newValue != nil { none.remove(role) }
    }
  }

  /// Says that no column of any table plays `role` (`roles ROLE none`).
  public mutating func setNone(_ role: Role) {
    columns[role] = nil
    none.insert(role)
  }

  /// Column names recognised for each role, compared lowercased with `_`, `-` and
  /// spaces removed; the first match in this order wins. Besides the English names of
  /// Shopify, WooCommerce, GA4 and the UCI datasets, the common German, French, Spanish
  /// and Italian ones, since European shop exports keep the shop's language.
  static let commonNames: [Role: [String]] = [
    .order: [
      "invoiceno", "invoice", "invoiceid", "orderid", "ordernumber", "orderno", "order", "transactionid",
      "bestellnummer", "bestellung", "auftragsnummer", "numerocommande", "commande", "pedido",
      "numeropedido", "ordine",
    ],
    .customer: [
      "customerid", "customer", "userid", "user", "clientid", "visitorid", "personid",
      "userpseudoid", "email", "customeremail", "kundennummer", "kunde", "kundenid", "client",
      "cliente",
    ],
    .time: [
      "invoicedate", "orderdate", "timestamp", "eventtime", "eventtimestamp", "datetime", "time", "ts", "createdat",
      "eventdate", "date", "bestelldatum", "datum", "datecommande", "fecha",
    ],
    .amount: [
      "revenue", "amount", "linetotal", "total", "sales", "gmv", "totalprice", "totalamount",
      "ordervalue", "paymentvalue", "value", "subtotal", "umsatz", "gesamt", "betrag",
      "montant", "importe", "totale",
    ],
    .quantity: ["quantity", "qty", "units", "menge", "anzahl", "quantite", "quantité", "cantidad", "quantita"],
    .price: ["unitprice", "price", "itemcost", "einzelpreis", "preis", "prix", "precio", "prezzo"],
    // Money given back on an order row: Shopify's `Refunded Amount`, Stripe's `Amount
    // Refunded`, Magento's `Total Refunded`, WooCommerce's `Order Refund Amount` (after
    // the `order` prefix). Only numbers are taken (see `isRefundMoney`).
    .refund: [
      "refundedamount", "amountrefunded", "refundamount", "refund", "refunds", "refunded", "totalrefunded",
      "refundedtotal", "refundtotal", "erstattung", "erstattungsbetrag", "erstattet", "rueckerstattung",
      "rückerstattung", "remboursement", "montantrembourse", "montantremboursé", "reembolso", "importereembolsado",
      "rimborso",
    ],
    .session: ["sessionid", "session", "visitid", "gasessionid"],
    .event: ["eventtype", "eventname", "event", "type", "action"],
  ]

  /// Words exports put before a role's name (`Lineitem quantity`, `Order Total Amount`,
  /// `Customer Email`); a name that matches no role as written is tried without them.
  /// Not for session and event, where `order_type` or `customer_type` is no event kind.
  static let namePrefixes = ["lineitem", "item", "line", "order", "product", "billing", "customer"]

  static func normalized(_ name: String) -> String {
    String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
  }

  /// The roles for `frame`: the explicit ones whose column the frame has, then the
  /// inferred ones for the rest but those set to none.
  public func resolved(for frame: Frame) -> ResolvedRoles {
    var out = ResolvedRoles()
    out.none = none
    let names = frame.columnNames
    let byNormal = Dictionary(names.map { (Self.normalized($0), $0) }, uniquingKeysWith: { a, _ in a })
    var byStripped: [String: String] = [:]
    for name in names {
      let normal = Self.normalized(name)
      if let prefix = Self.namePrefixes.first(where: { normal.hasPrefix($0) && normal.count > $0.count }),
        byStripped[String(normal.dropFirst(prefix.count))] == nil
      {
        byStripped[String(normal.dropFirst(prefix.count))] = name
      }
    }
    for (role, set) in columns where frame.index(of: set) != nil { out.columns[role] = set }
    for role in Role.allCases where out.columns[role] == nil && !none.contains(role) {
      let lookups = role == .session || role == .event ? [byNormal] : [byNormal, byStripped]
      var matches: [String] = []
      for lookup in lookups {
        for candidate in Self.commonNames[role] ?? [] {
          if let name = lookup[candidate], !out.columns.values.contains(name), !matches.contains(name) {
            matches.append(name)
          }
        }
      }
      // A time is best a datetime: GA4's event_timestamp once read as times beats
      // event_date, but as raw microseconds it does not. A refund must be money.
      let chosen =
        role == .time
        ? matches.first { frame.column(named: $0)?.type == .datetime } ?? matches.first
        : role == .refund ? matches.first { frame.column(named: $0).map(Self.isRefundMoney) ?? false }
        : matches.first
      if let chosen {
        out.columns[role] = chosen
        out.inferred.insert(role)
      }
      if role == .order, out.columns[.order] == nil,
        let name = Self.orderNumberColumn(in: frame, taken: Set(out.columns.values))
      {
        out.columns[.order] = name
        out.inferred.insert(.order)
      }
    }
    return out
  }

  /// Whether a refund-named column holds money: a float, or an int that is not a 0/1 flag
  /// (a `Refunded` column of 0 and 1 says whether, not how much). Text (a refund reason),
  /// dates and bools are never inferred as the refund.
  static func isRefundMoney(_ column: Column) -> Bool {
    switch column.data {
    case .float: return true
    case .int(let v, let m): return v.indices.contains { m.isValid($0) && v[$0] != 0 && v[$0] != 1 }
    case .string, .bool, .datetime: return false
    }
  }

  /// A text column whose values all read `#` and then digits (`#1001`, Shopify's `Name`):
  /// the order number whatever the column is called. Looks at the first 200 values.
  static func orderNumberColumn(in frame: Frame, taken: Set<String>) -> String? {
    for name in frame.columnNames where !taken.contains(name) {
      guard let column = frame.column(named: name), column.type == .string else { continue }
      var seen = 0
      var all = true
      for row in 0..<min(column.count, 200) {
        guard case .string(let text) = column[row] else { continue }
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "#"),
          bytes.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 })
        else {
          all = false
          break
        }
        seen += 1
      }
      if all, seen > 0 { return name }
    }
    return nil
  }
}

/// The roles one KPI computation uses, with which of them were guessed.
public struct ResolvedRoles: Sendable, Equatable {
  public var columns: [ShopRoles.Role: String] = [:]
  public var inferred: Set<ShopRoles.Role> = []
  /// Roles set to none (`roles event none`): no column plays them, none is inferred.
  public var none: Set<ShopRoles.Role> = []

  public init(
    columns: [ShopRoles.Role: String] = [:], inferred: Set<ShopRoles.Role> = [],
    none: Set<ShopRoles.Role> = []
  ) {
    self.columns = columns
    self.inferred = inferred
    self.none = none
  }

  public subscript(role: ShopRoles.Role) -> String? { columns[role] }

  /// The column for `role`, or an error naming what needed it.
  func require(_ role: ShopRoles.Role, for needed: String, in frame: Frame) throws -> Column {
    guard let name = columns[role], let column = frame.column(named: name) else {
      throw KPIError.missingRole(role: role.rawValue, needed: needed, available: frame.columnNames)
    }
    return column
  }

  /// The roles the sale-line rule reads (see `SaleLines`): the quantity, else the amount,
  /// else the event column that makes a table an event log.
  public var saleRoles: [ShopRoles.Role] {
    if columns[.quantity] != nil { return [.quantity] }
    if columns[.amount] != nil { return [.amount] }
    return [.event]
  }

  /// `roles: order InvoiceNo, customer CustomerID (inferred)` for the roles in `used`.
  public func summary(_ used: [ShopRoles.Role]) -> String {
    var parts: [String] = []
    for role in used {
      if none.contains(role) {
        parts.append("\(role.rawValue) none")
      } else if let name = columns[role] {
        parts.append("\(role.rawValue) \(name)" + (inferred.contains(role) ? " (inferred)" : ""))
      } else if role == .amount, let q = columns[.quantity], let p = columns[.price] {
        parts.append("amount \(q) * \(p)" + (inferred.contains(.quantity) || inferred.contains(.price) ? " (inferred)" : ""))
      }
    }
    return "roles: " + (parts.isEmpty ? "none" : parts.joined(separator: ", "))
  }
}
