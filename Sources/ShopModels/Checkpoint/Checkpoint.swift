import Foundation
import ShopTensor
import ShopCore

/// A model as bytes: a kind tag, JSON metadata and named tensors, for the session store.
///
/// Layout (all integers little-endian):
///
///     "SHOPCKPT"               8 bytes magic
///     version: UInt32          currently 1
///     headerLength: UInt32
///     header: UTF-8 JSON       {"kind", "metadata", "tensors": [{"name", "shape"}]}, sorted keys
///     tensor data              each tensor's Float32 bits, in header order
///
/// The JSON header keeps the format inspectable and versionable; raw floats keep it small and
/// exact (a 100k-parameter model is 400 KB plus a short header). Encoding is deterministic:
/// the same model always gives the same bytes.
public struct Checkpoint: Equatable, Sendable {
  /// The format version this build writes and reads.
  public static let currentVersion: UInt32 = 1
  static let magic = Array("SHOPCKPT".utf8)

  /// What the bytes hold, e.g. "behavior" or "classifier".
  public var kind: String
  /// Free-form descriptive fields (configuration JSON, training options, the encoder).
  public var metadata: [String: String]
  /// The weights, by name, in a fixed order.
  public var tensors: [(name: String, tensor: Tensor)]

  public init(kind: String, metadata: [String: String], tensors: [(name: String, tensor: Tensor)]) {
    self.kind = kind
    self.metadata = metadata
    self.tensors = tensors
  }

  public static func == (a: Checkpoint, b: Checkpoint) -> Bool {
    a.kind == b.kind && a.metadata == b.metadata && a.tensors.count == b.tensors.count
      && zip(a.tensors, b.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
  }

  private struct Header: Codable {
    struct Entry: Codable {
      var name: String
      var shape: [Int]
    }
    var kind: String
    var metadata: [String: String]
    var tensors: [Entry]
  }

  /// The checkpoint as bytes.
  /// - Complexity: O(total tensor elements).
  public func encoded() -> [UInt8] {
    let header = Header(
      kind: kind, metadata: metadata, tensors: tensors.map { .init(name: $0.name, shape: $0.tensor.shape) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding a struct of strings, ints and arrays cannot fail.
    let json = (try? encoder.encode(header)).map { Array($0) } ?? []
    var out = Checkpoint.magic
    out.reserveCapacity(16 + json.count + 4 * tensors.reduce(0) { $0 + $1.tensor.count })
    append(Checkpoint.currentVersion, to: &out)
    append(UInt32(json.count), to: &out)
    out += json
    for (_, t) in tensors {
      for x in t.scalars { append(x.bitPattern, to: &out) }
    }
    return out
  }

  /// Reads bytes written by `encoded()`.
  /// - Throws: `CheckpointError` when the bytes are not a checkpoint, are from a newer
  ///   version, or are truncated.
  public init(decoding bytes: [UInt8]) throws(CheckpointError) {
    guard bytes.count >= 16, Array(bytes[0..<8]) == Checkpoint.magic else { throw .notACheckpoint }
    let version = Checkpoint.readUInt32(bytes, at: 8)
    guard version <= Checkpoint.currentVersion else {
      throw .unsupportedVersion(found: Int(version), supported: Int(Checkpoint.currentVersion))
    }
    let headerLength = Int(Checkpoint.readUInt32(bytes, at: 12))
    guard bytes.count >= 16 + headerLength else { throw .truncated }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
    } catch {
      throw .corruptHeader("\(error)")
    }
    var offset = 16 + headerLength
    var tensors: [(name: String, tensor: Tensor)] = []
    for entry in header.tensors {
      let n = entry.shape.reduce(1, *)
      guard entry.shape.allSatisfy({ $0 >= 0 }), bytes.count >= offset + 4 * n else { throw .truncated }
      var scalars = [Float](repeating: 0, count: n)
      for i in 0..<n { scalars[i] = Float(bitPattern: Checkpoint.readUInt32(bytes, at: offset + 4 * i)) }
      offset += 4 * n
      tensors.append((entry.name, Tensor(shape: entry.shape, scalars: scalars)))
    }
    guard offset == bytes.count else { throw .corruptHeader("\(bytes.count - offset) trailing bytes") }
    self.init(kind: header.kind, metadata: header.metadata, tensors: tensors)
  }

  /// The tensor called `name`.
  public func tensor(_ name: String) -> Tensor? {
    tensors.first { $0.name == name }?.tensor
  }

  private func append(_ v: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: v))
    out.append(UInt8(truncatingIfNeeded: v >> 8))
    out.append(UInt8(truncatingIfNeeded: v >> 16))
    out.append(UInt8(truncatingIfNeeded: v >> 24))
  }

  private static func readUInt32(_ b: [UInt8], at i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
  }
}

/// Why bytes could not be read back as a model.
public enum CheckpointError: Error, Equatable, Sendable {
  case notACheckpoint
  case unsupportedVersion(found: Int, supported: Int)
  case truncated
  case corruptHeader(String)
  /// The checkpoint holds another kind of model.
  case wrongKind(expected: String, found: String)
  /// A weight is missing or has the wrong shape for the stored configuration.
  case shapeMismatch(name: String)
}

extension CheckpointError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .notACheckpoint: return .error("stored model is not a ShopLab checkpoint")
    case .unsupportedVersion(let found, let supported):
      return .error(
        "stored model has format version \(found), this build reads up to \(supported)",
        notes: ["help: upgrade ShopLab or retrain the model"])
    case .truncated: return .error("stored model is truncated")
    case .corruptHeader(let why): return .error("stored model header is corrupt: \(why)")
    case .wrongKind(let expected, let found):
      return .error("stored model is a '\(found)' model, expected '\(expected)'")
    case .shapeMismatch(let name):
      return .error("stored model weight '\(name)' does not match its configuration")
    }
  }
}

/// JSON with sorted keys, for metadata fields (reproducible bytes for equal models).
func encodeJSON<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  guard let data = try? encoder.encode(value) else { return "{}" }
  return String(decoding: data, as: UTF8.self)
}

/// Decodes a metadata field, as `CheckpointError.corruptHeader` on failure.
func decodeJSON<T: Decodable>(_ type: T.Type, _ field: String?, name: String) throws(CheckpointError) -> T {
  guard let field else { throw .corruptHeader("missing '\(name)'") }
  do {
    return try JSONDecoder().decode(type, from: Data(field.utf8))
  } catch {
    throw .corruptHeader("'\(name)': \(error)")
  }
}

extension ParameterContainer {
  /// The parameters as named tensors `p0, p1, …` in `parameters` order.
  func namedWeights() -> [(name: String, tensor: Tensor)] {
    parameters.enumerated().map { ("p\($0.offset)", $0.element.value) }
  }

  /// Loads weights saved by `namedWeights()`, checking every shape.
  func loadWeights(from checkpoint: Checkpoint) throws(CheckpointError) {
    for (k, p) in parameters.enumerated() {
      guard let t = checkpoint.tensor("p\(k)"), t.shape == p.value.shape else {
        throw .shapeMismatch(name: "p\(k)")
      }
      p.value = t
    }
    if checkpoint.tensors.count != parameters.count {
      throw .shapeMismatch(name: "p\(parameters.count)")
    }
  }
}
