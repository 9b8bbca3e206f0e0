import ShopCore

/// When one visit ends and the next begins. Defaults follow GA4 and PostHog: 30 minutes
/// of inactivity; PostHog also caps a session at 24 hours and UA split at midnight.
public struct SessionRules: Sendable, Equatable {
  /// Inactivity, in seconds, that ends a session (GA4: 30 min by default).
  public var gap: Double
  /// The longest a session may last, in seconds (PostHog: 24 h); nil for no limit.
  public var maxDuration: Double?
  /// Whether a session ends at midnight (Universal Analytics).
  public var splitAtMidnight: Bool

  public init(gap: Double = 1800, maxDuration: Double? = nil, splitAtMidnight: Bool = false) {
    self.gap = gap
    self.maxDuration = maxDuration
    self.splitAtMidnight = splitAtMidnight
  }

  /// `gap 30m, max 24h, split at midnight`.
  var text: String {
    var s = "gap > \(durationWords(gap))"
    if let maxDuration { s += ", at most \(durationWords(maxDuration)) long" }
    if splitAtMidnight { s += ", split at midnight" }
    return s
  }
}

/// 1800 → "30m", 90000 → "1d1h".
func durationWords(_ seconds: Double) -> String {
  // Int64(_:) traps past 2^63 (a duration of 9223372036854775807s arrives as 2^63).
  guard var rest = Int64(exactly: seconds.rounded()) else { return "\(seconds)s" }
  if rest == 0 { return "0s" }
  var out = ""
  for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
    out += "\(rest / size)\(unit)"
    rest %= size
  }
  return out
}

extension Frame {
  /// Adds a session id to an event table: events of one user, in time order, belong to
  /// the same session until a gap longer than `rules.gap`, the session reaching
  /// `rules.maxDuration`, or (with `splitAtMidnight`) a change of calendar day.
  ///
  /// Ids are 1, 2, … numbered by user (in order of first appearance) then time; the rows
  /// keep their order. Rows with a null user or time get a null session.
  ///
  /// - Parameters:
  ///   - user: who the events belong to.
  ///   - time: a datetime, or a number of seconds (derive `ts / 1000` from milliseconds).
  ///   - name: the new column (replaced if it exists).
  /// - Complexity: O(rows log rows) for the sort by (user, time).
  public func sessionize(
    user: ColumnRef, time: ColumnRef, rules: SessionRules = SessionRules(), name: String = "session"
  ) throws -> KPIResult {
    guard rules.gap > 0 else { throw KPIError.invalidOption("the session gap must be positive") }
    if let m = rules.maxDuration, m <= 0 { throw KPIError.invalidOption("the maximum session length must be positive") }
    let users = EntityIDs(try column(user))
    let times = try column(time).kpiSeconds(role: "time")
    let order = users.rowsInUnitTimeOrder(times: times)
    try Cancellation.shared.check()
    var session = [Int64](repeating: 0, count: rowCount)
    var valid = [Bool](repeating: false, count: rowCount)
    var current: Int64 = 0
    var lastUser: Int32 = -1
    var lastTime = 0.0
    var startTime = 0.0
    for i in order {
      let u = users.ids[i]
      let t = times[i] ?? 0
      var fresh = u != lastUser || t - lastTime > rules.gap
      if !fresh, let m = rules.maxDuration, t - startTime >= m { fresh = true }
      if !fresh, rules.splitAtMidnight, (t / 86_400).rounded(.down) != (lastTime / 86_400).rounded(.down) { fresh = true }
      if fresh {
        current += 1
        startTime = t
      }
      session[i] = current
      valid[i] = true
      lastUser = u
      lastTime = t
    }
    let frame = with(Column(name: name, data: .int(session, Validity(mask: valid))))
    let users_ = Set(order.map { users.ids[$0] }).count
    let definition =
      "session = events of one \(user.name) in \(time.name) order, a new session after \(rules.text); "
      + "\(NumberFormat.count(Int(current), "session")) of \(NumberFormat.count(users_, "user")) from \(NumberFormat.count(order.count, "event"))"
      + (order.count < rowCount ? " (\(NumberFormat.count(rowCount - order.count, "row")) with no user or time left out)" : "")
    return KPIResult(frame: frame, definition: definition)
  }
}
