/// The Spark Connect requests ShopLab sends and the parts of the responses it reads
/// (spark/connect/base.proto), encoded by hand like the plans. The gRPC call itself lives
/// in ShopSpark, behind the `Spark` trait; everything here is tested without a server.
public enum SparkConnectMessages {
  /// Identifies the client to the server: a UUID per session (the server requires one),
  /// the user and the client name shown in Spark's UI.
  public struct Session: Sendable, Equatable {
    public var id: String
    public var user: String
    public var clientType = "shoplab"

    public init(id: String, user: String) {
      self.id = id
      self.user = user
    }

    fileprivate func header(_ w: inout ProtoWriter) {
      w.string(1, id)
      w.message(2) { $0.string(1, user) }  // UserContext.user_id
    }
  }

  /// `ExecutePlanRequest`: run `plan` and stream its result back.
  public static func executePlan(_ plan: SparkRelation, session: Session) -> [UInt8] {
    var w = ProtoWriter()
    session.header(&w)
    w.message(3) { plan.encode(intoPlan: &$0) }
    w.string(4, session.clientType)
    return w.bytes
  }

  /// `AnalyzePlanRequest` with `explain` (mode 2: extended, parsed to physical plan).
  public static func explain(_ plan: SparkRelation, session: Session) -> [UInt8] {
    var w = ProtoWriter()
    session.header(&w)
    w.string(3, session.clientType)
    w.message(5) { e in
      e.message(1) { plan.encode(intoPlan: &$0) }
      e.int(2, 2)
    }
    return w.bytes
  }

  /// `ConfigRequest` setting session configuration (the session time zone, say).
  public static func setConfig(_ pairs: [(String, String)], session: Session) -> [UInt8] {
    var w = ProtoWriter()
    session.header(&w)
    w.message(3) { op in
      op.message(1) { set in
        for (k, v) in pairs { set.message(1) { $0.string(1, k); $0.string(2, v) } }
      }
    }
    w.string(4, session.clientType)
    return w.bytes
  }

  /// What one `ExecutePlanResponse` carries that ShopLab uses.
  public enum Response: Sendable, Equatable {
    /// One Arrow IPC stream (a schema and record batches) and its row count.
    case arrowBatch(rows: Int64, data: [UInt8])
    /// The last message of a complete result.
    case resultComplete
    /// Progress, metrics and everything else.
    case other
  }

  public static func decodeExecutePlanResponse(_ bytes: [UInt8]) throws -> Response {
    var r = ProtoReader(bytes)
    var response = Response.other
    while let (field, value) = try r.next() {
      switch (field, value) {
      case (2, .bytes(let batch)):
        var b = ProtoReader.nested(batch)
        var rows: Int64 = 0
        var data: [UInt8] = []
        while let (f, v) = try b.next() {
          if f == 1, case .varint(let n) = v { rows = Int64(bitPattern: n) }
          if f == 2, case .bytes(let d) = v { data = Array(d) }
        }
        response = .arrowBatch(rows: rows, data: data)
      case (14, .bytes):
        response = .resultComplete
      default:
        continue
      }
    }
    return response
  }

  /// The plan text of an `AnalyzePlanResponse` to an explain request.
  public static func decodeExplainResponse(_ bytes: [UInt8]) throws -> String {
    var r = ProtoReader(bytes)
    while let (field, value) = try r.next() {
      guard field == 3, case .bytes(let explain) = value else { continue }
      var e = ProtoReader.nested(explain)
      while let (f, v) = try e.next() {
        if f == 1, case .bytes(let text) = v { return String(decoding: text, as: UTF8.self) }
      }
    }
    return ""
  }
}

extension SparkRelation {
  /// `Plan { Relation root = 1 }`.
  func encode(intoPlan w: inout ProtoWriter) {
    w.message(1) { encode(into: &$0) }
  }
}
