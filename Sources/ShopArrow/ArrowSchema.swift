/// The column types this reader decodes: the ones Spark Connect sends for int, long,
/// double, float, string, boolean, date, decimal and timestamp columns.
public enum ArrowType: Sendable, Equatable {
  case int(bitWidth: Int, signed: Bool)
  /// 32 or 64 bits (half precision is refused).
  case floatingPoint(bitWidth: Int)
  case utf8
  /// Strings with 64-bit offsets.
  case largeUtf8
  case bool
  /// Days (`date32`) or milliseconds (`date64`) since 1970-01-01.
  case date(unit: DateUnit)
  /// 128-bit two's-complement unscaled integers.
  case decimal(precision: Int, scale: Int)
  /// `timezone` nil: a wall-clock timestamp (Spark's TIMESTAMP_NTZ); otherwise an instant.
  case timestamp(unit: TimeUnit, timezone: String?)

  public enum DateUnit: Sendable, Equatable { case day, millisecond }
  public enum TimeUnit: Int, Sendable, Equatable {
    case second = 0, millisecond, microsecond, nanosecond
    /// How many of this unit make one second.
    var perSecond: Int64 { [1, 1_000, 1_000_000, 1_000_000_000][rawValue] }
  }
}

public struct ArrowField: Sendable, Equatable {
  public var name: String
  public var type: ArrowType
  public var nullable: Bool
}

public struct ArrowSchema: Sendable, Equatable {
  public var fields: [ArrowField]
}

/// Decoding of `Schema.fbs` tables. Field indices and union tags are the schema's own
/// numbering (format/Schema.fbs in the Arrow repository).
extension ArrowSchema {
  private enum TypeTag: UInt8 {
    case null = 1, int, floatingPoint, binary, utf8, bool, decimal, date, time, timestamp, interval,
      list, struct_, union, fixedSizeBinary, fixedSizeList, map, duration, largeBinary, largeUtf8,
      largeList, runEndEncoded, binaryView, utf8View, listView, largeListView
  }

  init(table: FlatTable) throws {
    // Schema: 0 endianness (0 little), 1 fields, 2 custom_metadata, 3 features.
    guard try table.scalar(0, default: Int16(0)) == 0 else {
      throw ArrowError.unsupported("a big-endian stream")
    }
    fields = try table.tables(1).map(ArrowSchema.field)
  }

  private static func field(_ table: FlatTable) throws -> ArrowField {
    // Field: 0 name, 1 nullable, 2 type_type, 3 type, 4 dictionary, 5 children.
    let name = try table.string(0) ?? ""
    if try table.table(4) != nil {
      throw ArrowError.unsupported("column '\(name)' is dictionary-encoded")
    }
    let tagValue = try table.scalar(2, default: UInt8(0))
    guard let tag = TypeTag(rawValue: tagValue), let type = try table.table(3) else {
      throw ArrowError.malformed("column '\(name)' has no type (tag \(tagValue))")
    }
    return ArrowField(
      name: name, type: try arrowType(tag, type, column: name), nullable: try table.bool(1, default: false))
  }

  private static func arrowType(_ tag: TypeTag, _ type: FlatTable, column: String) throws -> ArrowType {
    switch tag {
    case .int:
      // Int: 0 bitWidth, 1 is_signed.
      let bits = Int(try type.scalar(0, default: Int32(0)))
      let signed = try type.bool(1, default: false)
      guard [8, 16, 32, 64].contains(bits), signed || bits < 64 else {
        throw ArrowError.unsupported("column '\(column)' is a \(signed ? "" : "u")int\(bits)")
      }
      return .int(bitWidth: bits, signed: signed)
    case .floatingPoint:
      // FloatingPoint: 0 precision (HALF 0, SINGLE 1, DOUBLE 2).
      switch try type.scalar(0, default: Int16(0)) {
      case 1: return .floatingPoint(bitWidth: 32)
      case 2: return .floatingPoint(bitWidth: 64)
      default: throw ArrowError.unsupported("column '\(column)' is a half-precision float")
      }
    case .utf8: return .utf8
    case .largeUtf8: return .largeUtf8
    case .bool: return .bool
    case .date:
      // Date: 0 unit (DAY 0, MILLISECOND 1; the default is MILLISECOND).
      return .date(unit: try type.scalar(0, default: Int16(1)) == 0 ? .day : .millisecond)
    case .decimal:
      // Decimal: 0 precision, 1 scale, 2 bitWidth (default 128).
      let bits = try type.scalar(2, default: Int32(128))
      guard bits == 128 else {
        throw ArrowError.unsupported("column '\(column)' is a \(bits)-bit decimal")
      }
      return .decimal(
        precision: Int(try type.scalar(0, default: Int32(0))), scale: Int(try type.scalar(1, default: Int32(0))))
    case .timestamp:
      // Timestamp: 0 unit, 1 timezone.
      let raw = Int(try type.scalar(0, default: Int16(0)))
      guard let unit = ArrowType.TimeUnit(rawValue: raw) else {
        throw ArrowError.malformed("column '\(column)' has time unit \(raw)")
      }
      return .timestamp(unit: unit, timezone: try type.string(1))
    default:
      throw ArrowError.unsupported("column '\(column)' has Arrow type \(tag)")
    }
  }
}
