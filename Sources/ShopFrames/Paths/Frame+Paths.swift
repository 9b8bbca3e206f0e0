import ShopCore

/// Which side of the anchor event a path runs.
public enum PathDirection: String, Sendable, CaseIterable {
  /// The steps that follow the anchor (PostHog's "start point").
  case after
  /// The steps that lead to it (PostHog's "end point").
  case before
}

/// What to follow: the anchor, how many steps, which event counts as a conversion.
public struct PathQuery: Sendable {
  public var anchor: String
  public var direction: PathDirection
  public var steps: Int
  /// An event whose presence at or after the anchor makes the unit converted.
  public var conversion: String?
  /// A path stops where the next step comes more than this many seconds later.
  public var within: Double?
  public var collapse: Bool

  public init(
    anchor: String, direction: PathDirection = .after, steps: Int = 3, conversion: String? = nil,
    within: Double? = nil, collapse: Bool = false
  ) {
    self.anchor = anchor
    self.direction = direction
    self.steps = steps
    self.conversion = conversion
    self.within = within
    self.collapse = collapse
  }
}

/// A node of the path tree: an event at some depth, how many units got there by the
/// path above it, and how many of those converted.
public struct PathNode: Sendable {
  public var event: String
  public var units: Int
  public var converted: Int
  public var children: [PathNode]
}

/// One unit's path: its events (anchor first, then away from it) and whether it converted.
struct UnitPath {
  var events: [String]
  var converted: Bool
}

extension Frame {
  /// The most frequent sequences of `steps` events after (or before) each unit's first
  /// `anchor` event, with how many units followed each and how many converted.
  ///
  /// A unit's path is its first anchor event and the `steps` events after it (before it),
  /// ending in `(end)` (starting at `(start)`) when the unit has fewer, or when the next
  /// step is more than `within` seconds away. A unit converts when it has a `conversion`
  /// event at or after its anchor. Rows: one per distinct path, most units first; columns
  /// `event` (the anchor) and `next_1 … next_N` (or `prev_N … prev_1`), null after the path ends.
  public func topPaths(
    _ query: PathQuery, event: ColumnRef, unit: ColumnRef, time: ColumnRef?, top: Int? = 10
  ) throws -> KPIResult {
    let (paths, anchored, seqs) = try unitPaths(query, event: event, unit: unit, time: time)
    var units: [[String]: Int] = [:]
    var converted: [[String]: Int] = [:]
    var firstSeen: [[String]: Int] = [:]
    for (i, p) in paths.enumerated() {
      units[p.events, default: 0] += 1
      if p.converted { converted[p.events, default: 0] += 1 }
      if firstSeen[p.events] == nil { firstSeen[p.events] = i }
    }
    var keys = units.keys.sorted { a, b in
      let ua = units[a] ?? 0
      let ub = units[b] ?? 0
      return ua != ub ? ua > ub : a.joined(separator: "\u{1}") < b.joined(separator: "\u{1}")
    }
    let distinct = keys.count
    if let top, top < keys.count { keys = Array(keys.prefix(top)) }
    // One column per step, in time order: the anchor as 'event', then next_1 … (or … prev_1).
    var columns: [Column] = (0...query.steps).map { s in
      let name = s == 0 ? "event" : (query.direction == .after ? "next_\(s)" : "prev_\(s)")
      return Column(name: name, scalars: keys.map { $0.count > s ? .string($0[s]) : .null }, type: .string)
    }
    if query.direction == .before { columns.reverse() }
    columns += [
      .ints("units", keys.map { units[$0] ?? 0 }),
      .floats("share", keys.map { ratio(Double(units[$0] ?? 0), Double(anchored)) }),
    ]
    if query.conversion != nil {
      columns.append(.ints("converted", keys.map { converted[$0] ?? 0 }))
      columns.append(.floats("conversion_rate", keys.map { ratio(Double(converted[$0] ?? 0), Double(units[$0] ?? 0)) }))
    }
    var definition = pathDefinition(query, event: event, unit: unit, anchored: anchored, units: seqs.units.count)
    definition += "; \(NumberFormat.count(distinct, "distinct path"))"
    if let top, top < distinct { definition += ", the \(top) most frequent shown" }
    definition += "; share = units / units with the anchor"
    if time == nil { definition += "; no time column: row order" }
    return KPIResult(frame: Frame(columns: columns), definition: definition)
  }

  /// The same paths as a tree rooted at the anchor: each level the events that came
  /// next (or, before the anchor, the ones that came just before), with units and
  /// conversions. Every unit with the anchor is counted, not only the top paths.
  public func pathTree(
    _ query: PathQuery, event: ColumnRef, unit: ColumnRef, time: ColumnRef?
  ) throws -> (root: PathNode, definition: String) {
    let (paths, anchored, seqs) = try unitPaths(query, event: event, unit: unit, time: time)
    let root = Self.node(query.anchor, paths, depth: 1)
    return (root, pathDefinition(query, event: event, unit: unit, anchored: anchored, units: seqs.units.count))
  }

  /// The node of the units in `paths` (which share their first `depth` events).
  static func node(_ label: String, _ paths: [UnitPath], depth: Int) -> PathNode {
    var order: [String] = []
    var groups: [String: [UnitPath]] = [:]
    for p in paths where p.events.count > depth {
      let e = p.events[depth]
      if groups[e] == nil { order.append(e) }
      groups[e, default: []].append(p)
    }
    let children = order.map { node($0, groups[$0] ?? [], depth: depth + 1) }
      .sorted { $0.units != $1.units ? $0.units > $1.units : $0.event < $1.event }
    return PathNode(event: label, units: paths.count, converted: paths.filter(\.converted).count, children: children)
  }

  private func pathDefinition(_ q: PathQuery, event: ColumnRef, unit: ColumnRef, anchored: Int, units: Int) -> String {
    var d = "paths of \(event.name) per \(unit.name): \(q.steps) steps \(q.direction.rawValue) the first \"\(q.anchor)\" "
      + "of each unit (\(NumberFormat.grouped(anchored)) of \(NumberFormat.grouped(units)) units have one)"
    d += q.within.map { ", each step within \(durationWords($0)) of the one before" } ?? ""
    if let c = q.conversion { d += "; converted = a \"\(c)\" at or after the anchor" }
    if q.collapse { d += "; repeats of an event in a row merged" }
    return d
  }

  /// Every anchored unit's path, anchor first and then away from it.
  func unitPaths(
    _ q: PathQuery, event: ColumnRef, unit: ColumnRef, time: ColumnRef?
  ) throws -> (paths: [UnitPath], anchored: Int, seqs: EventSequences) {
    guard q.steps >= 1, q.steps <= 20 else { throw KPIError.invalidOption("steps must be 1 to 20") }
    let seqs = try EventSequences(self, event: event, unit: unit, time: time, collapse: q.collapse)
    guard let anchor = seqs.code(of: q.anchor) else {
      throw KPIError.invalidOption(Self.unknownEvent(q.anchor, in: event.name, names: seqs.names))
    }
    var conversion: Int?
    if let c = q.conversion {
      guard let code = seqs.code(of: c) else {
        throw KPIError.invalidOption(Self.unknownEvent(c, in: event.name, names: seqs.names))
      }
      conversion = code
    }
    var paths: [UnitPath] = []
    for rows in seqs.units {
      guard let i0 = rows.firstIndex(where: { seqs.code[$0] == anchor }) else { continue }
      var events = [q.anchor]
      let step = q.direction == .after ? 1 : -1
      var i = i0
      while events.count <= q.steps {
        let j = i + step
        guard j >= 0, j < rows.count,
          q.direction == .after
            ? seqs.follows(rows[i], rows[j], within: q.within) : seqs.follows(rows[j], rows[i], within: q.within)
        else {
          events.append(q.direction == .after ? pathEndLabel : pathStartLabel)
          break
        }
        events.append(seqs.names[seqs.code[rows[j]]])
        i = j
      }
      let converted = conversion.map { c in rows[i0...].contains { seqs.code[$0] == c } } ?? false
      paths.append(UnitPath(events: events, converted: converted))
    }
    return (paths, paths.count, seqs)
  }

  /// "no row of event is "x"" with the nearest event name.
  static func unknownEvent(_ name: String, in column: String, names: [String]) -> String {
    var m = "no row of \(column) is \"\(name)\""
    if let near = Suggestions.nearest(to: name, in: names) { m += "; did you mean \"\(near)\"?" }
    return m
  }
}
