import ShopCore
import ShopFrames

/// A runtime value: what a name holds and what a command returns.
public enum Value: Sendable {
  /// Nothing to show (a command that only printed, or `set`).
  case none
  case scalar(Scalar)
  /// A length of time in seconds (`30m`).
  case duration(Int64)
  case list([Value])
  case frame(Frame)
  /// Text to show as is: a chart, a help page, a report.
  case text(String)
  /// A model held in the session (see the model commands).
  case model(ModelHandle)
  /// A table split into groups by `group by`, waiting for `agg` or `count`.
  case grouped(Frame, keys: [ColumnRef])
  /// A lazy table on a remote engine (Spark): a plan, run by `collect`.
  case remote(RemoteTable)

  /// What the value is, in words, for messages: "a table", "a number".
  public var kindName: String {
    switch self {
    case .none: return "nothing"
    case .scalar(let s):
      switch s {
      case .null: return "null"
      case .int, .float: return "a number"
      case .string: return "a string"
      case .bool: return "a boolean"
      case .datetime: return "a date"
      }
    case .duration: return "a duration"
    case .list: return "a list"
    case .frame: return "a table"
    case .text: return "text"
    case .model: return "a model"
    case .grouped: return "a grouped table"
    case .remote(let r): return r.grouping == nil ? "a remote table" : "a grouped remote table"
    }
  }
}

/// A named model kept in the session; its weights live in the store.
public struct ModelHandle: Sendable {
  public var name: String
  public var kind: String
  public var summary: String
  /// The live model (spec, weights, id tables), shared by every copy of the handle.
  var state: ModelState?
  public init(name: String, kind: String, summary: String) {
    self.name = name
    self.kind = kind
    self.summary = summary
  }
}
