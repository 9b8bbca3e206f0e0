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
    case order, customer, time, amount, quantity, price, session, event
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
  /// spaces removed; the first match in this order wins.
  static let commonNames: [Role: [String]] = [
    .order: ["invoiceno", "invoice", "invoiceid", "orderid", "ordernumber", "orderno", "order", "transactionid"],
    .customer: ["customerid", "customer", "userid", "user", "clientid", "visitorid", "personid"],
    .time: [
      "invoicedate", "orderdate", "timestamp", "eventtime", "datetime", "time", "ts", "createdat",
      "eventdate", "date",
    ],
    .amount: [
      "revenue", "amount", "linetotal", "total", "sales", "gmv", "totalprice", "totalamount",
      "ordervalue", "paymentvalue", "value", "subtotal",
    ],
    .quantity: ["quantity", "qty", "units"],
    .price: ["unitprice", "price"],
    .session: ["sessionid", "session", "visitid"],
    .event: ["eventtype", "eventname", "event", "type", "action"],
  ]

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
    for (role, set) in columns where frame.index(of: set) != nil { out.columns[role] = set }
    for role in Role.allCases where out.columns[role] == nil && !none.contains(role) {
      for candidate in Self.commonNames[role] ?? [] {
        if let name = byNormal[candidate], !out.columns.values.contains(name) {
          out.columns[role] = name
          out.inferred.insert(role)
          break
        }
      }
    }
    return out
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
