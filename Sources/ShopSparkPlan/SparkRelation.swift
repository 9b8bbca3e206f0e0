/// A Spark Connect logical plan (spark/connect/relations.proto): the lazy value behind a
/// remote table. Each pipeline verb wraps the plan so far in one more relation.
public indirect enum SparkRelation: Sendable {
  /// A catalog table or view.
  case table(String)
  /// Files through a data source ("csv", "parquet", "json"...), with reader options.
  case files(format: String, paths: [String], options: [String: String])
  case filter(SparkRelation, SparkExpression)
  case project(SparkRelation, [SparkExpression])
  /// Adds or replaces columns (`derive`), in order.
  case withColumns(SparkRelation, [(name: String, expression: SparkExpression)])
  /// `groupBy(keys).agg(aggregates)`; aggregates are `.alias`ed.
  case aggregate(SparkRelation, keys: [SparkExpression], aggregates: [SparkExpression])
  case sort(SparkRelation, [SparkSortKey])
  case limit(SparkRelation, Int32)
  /// Distinct rows over every column.
  case distinct(SparkRelation)
  /// Rows of `left` and `right` with equal `using` columns (each key appears once).
  case join(SparkRelation, SparkRelation, kind: SparkJoinKind, using: [String])
}

/// `Join.JoinType`, by its number in relations.proto.
public enum SparkJoinKind: Int64, Sendable {
  case inner = 1
  case left = 3
  case leftAnti = 5

  var name: String {
    switch self {
    case .inner: return "inner"
    case .left: return "left"
    case .leftAnti: return "anti"
    }
  }
}

extension SparkRelation {
  /// The `Plan { Relation root = 1 }` message sent in `ExecutePlanRequest.plan`.
  public var planBytes: [UInt8] {
    var w = ProtoWriter()
    w.message(1) { encode(into: &$0) }
    return w.bytes
  }

  /// The `Relation` message alone.
  public var relationBytes: [UInt8] {
    var w = ProtoWriter()
    encode(into: &w)
    return w.bytes
  }

  /// Field numbers are those of `message Relation`'s `rel_type` and each relation's own.
  public func encode(into w: inout ProtoWriter) {
    func input(_ r: SparkRelation, _ m: inout ProtoWriter) { m.message(1) { r.encode(into: &$0) } }
    func expressions(_ field: Int, _ list: [SparkExpression], _ m: inout ProtoWriter) {
      for e in list { m.message(field) { e.encode(into: &$0) } }
    }
    switch self {
    case .table(let name):
      w.message(2) { $0.message(1) { $0.string(1, name) } }  // Read.named_table
    case .files(let format, let paths, let options):
      w.message(2) {
        $0.message(2) { d in  // Read.data_source
          d.string(1, format)
          d.map(3, options)
          for p in paths { d.string(4, p) }
        }
      }
    case .project(let r, let list):
      w.message(3) { input(r, &$0); expressions(3, list, &$0) }
    case .filter(let r, let condition):
      w.message(4) { m in input(r, &m); m.message(2) { condition.encode(into: &$0) } }
    case .sort(let r, let keys):
      w.message(7) { m in
        input(r, &m)
        for k in keys { m.message(2) { k.encode(into: &$0) } }
        m.bool(3, true)  // is_global: a total order, as orderBy
      }
    case .limit(let r, let n):
      w.message(8) { m in input(r, &m); if n != 0 { m.int(2, Int64(n)) } }
    case .aggregate(let r, let keys, let aggregates):
      w.message(9) { m in
        input(r, &m)
        m.int(2, 1)  // GROUP_TYPE_GROUPBY
        expressions(3, keys, &m)
        expressions(4, aggregates, &m)
      }
    case .distinct(let r):
      w.message(14) { m in input(r, &m); m.bool(3, true) }  // all_columns_as_keys
    case .join(let left, let right, let kind, let using):
      w.message(5) { m in
        m.message(1) { left.encode(into: &$0) }
        m.message(2) { right.encode(into: &$0) }
        m.int(4, kind.rawValue)
        for c in using { m.string(5, c) }
      }
    case .withColumns(let r, let aliases):
      // WithColumns.aliases are `Expression.Alias` messages, not whole expressions.
      w.message(23) { m in
        input(r, &m)
        for (name, e) in aliases {
          m.message(2) { a in a.message(1) { e.encode(into: &$0) }; a.string(2, name) }
        }
      }
    }
  }
}
