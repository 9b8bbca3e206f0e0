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

  /// `ExecutePlanRequest`: run `plan` and stream its result back. With `operationID` (a
  /// UUID the client makes) the operation can be interrupted by that id.
  public static func executePlan(_ plan: SparkRelation, session: Session, operationID: String? = nil) -> [UInt8] {
    var w = ProtoWriter()
    session.header(&w)
    w.message(3) { plan.encode(intoPlan: &$0) }
    w.string(4, session.clientType)
    if let operationID { w.string(6, operationID) }
    return w.bytes
  }

  /// `InterruptRequest` for one operation (`INTERRUPT_TYPE_OPERATION_ID`), or for every
  /// operation of the session (`INTERRUPT_TYPE_ALL`) without an id.
  public static func interrupt(operationID: String?, session: Session) -> [UInt8] {
    var w = ProtoWriter()
    session.header(&w)
    w.string(3, session.clientType)
    w.int(4, operationID == nil ? 1 : 3)
    if let operationID { w.string(6, operationID) }
    return w.bytes
  }

  /// The operation ids an `InterruptResponse` says were interrupted.
  public static func decodeInterruptResponse(_ bytes: [UInt8]) throws -> [String] {
    var r = ProtoReader(bytes)
    var ids: [String] = []
    while let (field, value) = try r.next() {
      if field == 2, case .bytes(let id) = value { ids.append(String(decoding: id, as: UTF8.self)) }
    }
    return ids
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
    /// How far the execution is (`ExecutionProgress`, streamed by Spark 4).
    case progress(ExecutionProgress)
    /// Metrics and everything else.
    case other
  }

  /// `ExecutePlanResponse.ExecutionProgress`: the stages so far with their tasks.
  public struct ExecutionProgress: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
      public var id: Int64 = 0
      public var tasks: Int64 = 0
      public var completedTasks: Int64 = 0
      public var inputBytesRead: Int64 = 0
      public var done = false

      public init(id: Int64 = 0, tasks: Int64 = 0, completedTasks: Int64 = 0, inputBytesRead: Int64 = 0, done: Bool = false) {
        self.id = id
        self.tasks = tasks
        self.completedTasks = completedTasks
        self.inputBytesRead = inputBytesRead
        self.done = done
      }
    }

    public var stages: [Stage] = []
    public var inflightTasks: Int64 = 0

    public init(stages: [Stage] = [], inflightTasks: Int64 = 0) {
      self.stages = stages
      self.inflightTasks = inflightTasks
    }

    /// Tasks of every stage so far, and how many of them are done.
    public var tasks: Int64 { stages.reduce(0) { $0 + $1.tasks } }
    public var completedTasks: Int64 { stages.reduce(0) { $0 + $1.completedTasks } }

    static func decode(_ bytes: ArraySlice<UInt8>) throws -> ExecutionProgress {
      var p = ExecutionProgress()
      var r = ProtoReader.nested(bytes)
      while let (field, value) = try r.next() {
        switch (field, value) {
        case (1, .bytes(let stage)):
          var s = Stage()
          var sr = ProtoReader.nested(stage)
          while let (f, v) = try sr.next() {
            guard case .varint(let n) = v else { continue }
            switch f {
            case 1: s.id = Int64(bitPattern: n)
            case 2: s.tasks = Int64(bitPattern: n)
            case 3: s.completedTasks = Int64(bitPattern: n)
            case 4: s.inputBytesRead = Int64(bitPattern: n)
            case 5: s.done = n != 0
            default: continue
            }
          }
          p.stages.append(s)
        case (2, .varint(let n)): p.inflightTasks = Int64(bitPattern: n)
        default: continue
        }
      }
      return p
    }
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
      case (18, .bytes(let progress)):
        response = .progress(try ExecutionProgress.decode(progress))
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
