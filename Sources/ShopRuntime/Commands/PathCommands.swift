import ShopCore
import ShopFrames
import ShopSyntax

/// Paths through an event log: what comes next after each event (`transitions`) and the
/// most frequent sequences around one event (`paths`), as tables or as a text tree.
enum PathCommands {
  static let all: [Command] = [transitions, paths]

  /// The options both commands share: which columns, the window, merged repeats.
  struct Source {
    var event: ColumnRef?
    var unit: ColumnRef?
    var time: ColumnRef?
    var within: Double?
    var collapse = false

    init(_ inv: Invocation, _ f: Frame) {
      let roles = KPICommands.resolvedRoles(inv, f)
      event = roles[.event].map { ColumnRef($0) }
      unit = (roles[.session] ?? roles[.customer]).map { ColumnRef($0) }
      time = roles[.time].map { ColumnRef($0) }
    }

    /// Reads one shared option; false when the next word is not one.
    mutating func parse(_ inv: inout Invocation) throws -> Bool {
      if inv.args.keyword("event") {
        event = try inv.args.column("the event column")
      } else if inv.args.keyword("per") {
        unit = try inv.args.column("the unit column (session or user)")
      } else if inv.args.keyword("time") {
        time = try inv.args.column("the time column")
      } else if inv.args.keyword("within") {
        within = try KPICommands.duration(&inv, "a window such as 30m")
      } else if inv.args.keyword("collapse") {
        collapse = true
      } else {
        return false
      }
      return true
    }

    func columns(_ f: Frame, for command: String) throws -> (event: ColumnRef, unit: ColumnRef) {
      guard let event else { throw KPIError.missingRole(role: "event", needed: command, available: f.columnNames) }
      guard let unit else { throw KPIError.missingRole(role: "session", needed: command, available: f.columnNames) }
      if within != nil, time == nil { throw KPIError.invalidOption("'within' needs a time column") }
      return (event, unit)
    }
  }

  static let transitions = Command(
    "transitions", category: "KPIs",
    synopsis: "transitions [event COL] [per UNIT] [time COL] [within 30m] [collapse] [by COL]",
    summary: "for each event, the events that come next in the same session or user, with counts and shares",
    details: """
      Each event of a unit is followed by the unit's next event, or by (end) when there is \
      none or it comes more than 'within' later. share = transitions / transitions out of \
      the same event; units = distinct units making the transition. A loop shows as edges \
      leading back (shipping → cart, cart → shipping). 'collapse' merges repeats of an event \
      in a row. With 'by', a transition counts in the segment of its source row. event, per \
      and time default to the event, session (else customer) and time roles.
      """,
    examples: [
      "orders | derive step = if(Quantity > 0, \"buy\", \"return\") | transitions event step per CustomerID time InvoiceDate | head 4"
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    var source = Source(inv, f)
    var by: ColumnRef?
    while !inv.args.atEnd {
      if try source.parse(&inv) { continue }
      if inv.args.keyword("by") {
        by = try inv.args.column()
      } else {
        try inv.args.finish()
      }
    }
    let (event, unit) = try source.columns(f, for: "transitions")
    return KPICommands.emit(
      try f.transitions(
        event: event, unit: unit, time: source.time, within: source.within, by: by, collapse: source.collapse), inv)
  }

  static let paths = Command(
    "paths", category: "KPIs",
    synopsis:
      "paths after|before \"EVENT\" [steps 3] [converts \"EVENT\"] [top 10] [tree] [event COL] [per UNIT] [time COL] [within 30m] [collapse]",
    summary: "the most frequent sequences of events after or before an event, and how many convert",
    details: """
      A unit's path is its first EVENT and the N steps after it (before it), ending in (end) \
      (starting at (start)) when it has fewer or the next step is more than 'within' away. \
      'converts' counts the units with that event at or after the anchor. 'top' limits the \
      table (default 10 paths) or, with 'tree', the branches per step (default 3; the rest \
      are summed as one line). 'tree' draws every unit's path as a text tree with bars.
      """,
    examples: [
      "orders | derive step = if(Quantity > 0, \"buy\", \"return\") | paths after \"return\" steps 2 converts \"buy\" event step per CustomerID time InvoiceDate",
      "orders | derive step = if(Quantity > 0, \"buy\", \"return\") | paths after \"return\" steps 2 tree event step per CustomerID time InvoiceDate",
    ], input: .frame
  ) { inv in
    let f = try inv.frame()
    var source = Source(inv, f)
    let direction = PathDirection(rawValue: try inv.args.expectChoice(["after", "before"], what: "direction")) ?? .after
    var query = PathQuery(anchor: try inv.args.string("the event, as a string such as \"cart\"").0, direction: direction)
    var top: Int?
    var tree = false
    while !inv.args.atEnd {
      if try source.parse(&inv) { continue }
      if inv.args.keyword("steps") {
        let (n, range) = try inv.args.integer("how many steps (1 to 20)")
        guard (1...20).contains(n) else { throw RuntimeError.invalidValue("steps must be 1 to 20", at: range) }
        query.steps = n
      } else if inv.args.keyword("converts") {
        query.conversion = try inv.args.string("the conversion event, as a string such as \"purchase\"").0
      } else if inv.args.keyword("top") {
        let (n, range) = try inv.args.integer("how many paths")
        guard n >= 1 else { throw RuntimeError.invalidValue("top must be at least 1", at: range) }
        top = n
      } else if inv.args.keyword("tree") {
        tree = true
      } else {
        try inv.args.finish()
      }
    }
    query.within = source.within
    query.collapse = source.collapse
    let (event, unit) = try source.columns(f, for: "paths")
    if tree {
      let (root, definition) = try f.pathTree(query, event: event, unit: unit, time: source.time)
      inv.note("definition: " + definition)
      let text = PathTreeText(branches: top ?? 3, direction: direction, showConversion: query.conversion != nil)
      return .text(text.render(root))
    }
    return KPICommands.emit(try f.topPaths(query, event: event, unit: unit, time: source.time, top: top ?? 10), inv)
  }
}
