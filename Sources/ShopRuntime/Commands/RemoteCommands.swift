import ShopCore
import ShopFrames
import ShopSparkPlan

/// Remote tables on a Spark cluster through Spark Connect (docs/spark.md): connect, load
/// lazily, build the plan with the usual verbs, and bring back only what `collect` asks.
enum RemoteCommands {
  static let all: [Command] = [connect, disconnect, explain, collect]

  /// The most rows `collect` brings back unless told otherwise.
  static let defaultRowLimit = 100_000

  static func connection(_ inv: Invocation) throws -> RemoteConnection {
    guard let c = inv.session.remote else {
      throw RuntimeError.invalidValue(
        "not connected to Spark; first: connect spark \"sc://HOST:15002\"", at: inv.range)
    }
    return c
  }

  static let connect = Command(
    "connect", category: "Spark", synopsis: "connect spark \"sc://HOST:PORT\" [token \"…\"]",
    summary: "open a Spark Connect session for remote tables",
    details: "Then 'let t = spark load \"PATH\" [as csv|parquet|json|orc]' (the cluster's path; CSV with a header row and inferred types) or 'spark table NAME' is a remote table: the table verbs (where, derive, select, group by … agg, count, sort, head, distinct, resample, join of two remote tables, kpi) build a Spark plan (cohort runs at once), and nothing runs until 'collect'. The token is sent as a bearer token and is not written to the store (the command text is stored with it masked). 'use_ssl=true' in the address (or a token for a host other than this machine) connects over TLS; see docs/spark.md.",
    input: .none
  ) { inv in
    let engine = try inv.args.expectChoice(["spark"], what: "an engine")
    let (address, addressRange) = try inv.args.string("the server address, such as \"sc://localhost:15002\"")
    var token: String?
    if inv.args.keyword("token") { token = try inv.args.string("the token").0 }
    try inv.args.finish()
    guard address.hasPrefix("sc://") else {
      throw RuntimeError.invalidValue("a Spark Connect address starts with sc://, as in \"sc://localhost:15002\"", at: addressRange)
    }
    guard let tables = RemoteBackends.make(engine) else {
      throw RuntimeError.invalidValue(
        "this shoplab was built without Spark support; rebuild it with: swift build --traits Spark", at: inv.range)
    }
    inv.session.remote?.tables.disconnect()
    inv.session.remote = nil
    let description = try tables.connect(address: address, token: token)
    inv.session.remote = RemoteConnection(engine: engine, address: TokenMask.parametersMasked(address), tables: tables)
    inv.say(description)
    return .none
  }

  static let disconnect = Command(
    "disconnect", category: "Spark", synopsis: "disconnect", summary: "close the Spark session", input: .none
  ) { inv in
    try inv.args.finish()
    guard let c = inv.session.remote else { inv.say("not connected"); return .none }
    c.tables.disconnect()
    inv.session.remote = nil
    inv.say("disconnected from \(c.address)")
    return .none
  }

  /// `spark load "PATH" [as FORMAT]` or `spark table NAME`, reached through the `spark`
  /// chart command when nothing is piped into it (the word was the sparkline's first).
  static func remoteTable(_ inv: inout Invocation) throws -> Value {
    let how = try inv.args.expectChoice(["load", "table"], what: "'load' or 'table'")
    if how == "table" {
      let name = try inv.args.column("a table name, such as \"shop.events\"").name
      try inv.args.finish()
      return .remote(RemoteTable(plan: .table(name)))
    }
    let (typed, pathRange) = try inv.args.string("a path")
    var path = typed
    // An explicitly local relative path is the session's, as for `load`; any other path is
    // the cluster's (hdfs://, s3a://, /abs/path as the servers see it).
    if path.hasPrefix("./") || path.hasPrefix("../") { path = inv.session.resolve(path) }
    var format = path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
    if inv.args.keyword("as") { format = try inv.args.expectChoice(["csv", "parquet", "json", "orc"], what: "a format") }
    try inv.args.finish()
    guard ["csv", "parquet", "json", "orc"].contains(format) else {
      throw RuntimeError.invalidValue("cannot tell the format of '\(path)'; add: as csv|parquet|json|orc", at: pathRange)
    }
    let options = format == "csv" ? ["header": "true", "inferSchema": "true"] : [:]
    return .remote(RemoteTable(plan: .files(format: format, paths: [path], options: options)))
  }

  static let explain = Command(
    "explain", category: "Spark", synopsis: "explain",
    summary: "the plan of a remote table: ShopLab's, then Spark's when connected", input: .any
  ) { inv in
    try inv.args.finish()
    guard let r = inv.remoteInput else {
      throw RuntimeError.wrongInput(command: "explain", needs: "a remote table", got: inv.input?.kindName ?? "nothing", at: inv.range)
    }
    var text = "ShopLab plan:\n" + r.plan.treeDescription.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    if let c = inv.session.remote { text += "\n\nSpark:\n" + (try c.tables.explain(r.plan)) }
    return .text(text)
  }

  static let collect = Command(
    "collect", category: "Spark", synopsis: "collect [limit N]",
    summary: "run a remote table's plan and bring its rows back as a local table",
    details: "Refuses a result of more than N rows (100,000 unless given): aggregate on the cluster first, or raise the limit.",
    input: .any
  ) { inv in
    var limit = defaultRowLimit
    if inv.args.keyword("limit") { limit = try TableCommands.nonNegative(&inv.args, "the row limit") }
    try inv.args.finish()
    guard let r = inv.remoteInput else {
      throw RuntimeError.wrongInput(command: "collect", needs: "a remote table", got: inv.input?.kindName ?? "nothing", at: inv.range)
    }
    guard r.grouping == nil else { throw RuntimeError.invalidValue("follow 'group by' with 'agg' or 'count' first", at: inv.range) }
    // One row more than the limit tells "too many" apart from "exactly the limit".
    let frame = try run(inv, .limit(r.plan, Int32(min(limit, Int(Int32.max) - 1) + 1)))
    guard frame.rowCount <= limit else {
      throw RuntimeError.invalidValue(
        "the result has more than \(NumberFormat.count(limit, "row")); aggregate first, or raise it: collect limit N",
        at: inv.range)
    }
    return .frame(frame)
  }
}
