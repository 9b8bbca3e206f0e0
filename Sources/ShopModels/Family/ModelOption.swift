import ShopCore
/// One option of a model kind, declared once beside the kind's code: its name, default and
/// range. The `model` command parses, validates and documents (usage line, help) from these
/// declarations, so a default is never written twice.
public struct ModelOption: Sendable {
  /// What an option's value may be.
  public enum Domain: Sendable, Equatable {
    /// A whole number in the range.
    case integer(ClosedRange<Int>)
    /// A number in the range.
    case real(ClosedRange<Double>)
    /// One of these words.
    case choice([String])
    /// Whole numbers in the range, comma-separated, or `none`; held as the word "7, 28".
    case integers(ClosedRange<Int>)
  }

  public var name: String
  public var help: String
  public var defaultValue: ModelOptionValue
  public var domain: Domain

  public init(_ name: String, _ domain: Domain, default value: ModelOptionValue, help: String) {
    self.name = name
    self.domain = domain
    self.defaultValue = value
    self.help = help
  }

  /// "factors N", "shrink X", "loss mse|poisson".
  public var usage: String {
    switch domain {
    case .integer: return "\(name) N"
    case .real: return "\(name) X"
    case .choice(let words): return "\(name) " + words.joined(separator: "|")
    case .integers: return "\(name) N, …|none"
    }
  }

  /// "factors (64, 1–1024): the embedding size".
  public var helpLine: String {
    let range: String
    switch domain {
    case .integer(let r): range = "\(r.lowerBound)–\(r.upperBound)"
    case .real(let r): range = "\(ModelOptionValue.real(r.lowerBound).text)–\(ModelOptionValue.real(r.upperBound).text)"
    case .choice(let words): range = words.joined(separator: ", ")
    case .integers(let r): range = "whole numbers \(r.lowerBound)–\(r.upperBound), or none"
    }
    return "\(name) (\(defaultValue.text); \(range)): \(help)"
  }

  /// Checks `value` against the domain; nil when it fits, else what was expected.
  public func problem(with value: ModelOptionValue) -> String? {
    switch (domain, value) {
    case (.integer(let r), .int(let n)):
      return r.contains(n) ? nil : "between \(r.lowerBound) and \(r.upperBound)"
    case (.real(let r), .real(let x)):
      return r.contains(x) ? nil : "between \(ModelOptionValue.real(r.lowerBound).text) and \(ModelOptionValue.real(r.upperBound).text)"
    case (.real(let r), .int(let n)):
      return r.contains(Double(n)) ? nil : "between \(ModelOptionValue.real(r.lowerBound).text) and \(ModelOptionValue.real(r.upperBound).text)"
    case (.choice(let words), .word(let w)):
      return words.contains(w) ? nil : "one of " + words.joined(separator: ", ")
    case (.integers(let r), .word(let w)):
      guard let list = ModelOptionValues.integers(w) else { return "whole numbers separated by commas, or none" }
      return list.allSatisfy(r.contains) ? nil : "whole numbers between \(r.lowerBound) and \(r.upperBound)"
    case (.integers, _): return "whole numbers separated by commas, or none"
    case (.integer, _): return "a whole number"
    case (.real, _): return "a number"
    case (.choice(let words), _): return "one of " + words.joined(separator: ", ")
    }
  }
}

/// An option's value as written (and stored in the model's spec).
public enum ModelOptionValue: Codable, Sendable, Equatable, Hashable {
  case int(Int)
  case real(Double)
  case word(String)

  public var text: String {
    switch self {
    case .int(let n): return String(n)
    case .real(let x):
      return NumberFormat.typed(x)
    case .word(let w): return w
    }
  }
}

/// The options of one model, every declared option present (defaults filled in).
public struct ModelOptionValues: Codable, Sendable, Equatable {
  public var values: [String: ModelOptionValue]

  public init(_ values: [String: ModelOptionValue] = [:]) { self.values = values }

  /// `given` over the declared defaults.
  public init(declared: [ModelOption], given: [String: ModelOptionValue]) {
    var v: [String: ModelOptionValue] = [:]
    for option in declared { v[option.name] = given[option.name] ?? option.defaultValue }
    values = v
  }

  public func int(_ name: String) -> Int {
    switch values[name] {
    case .int(let n)?: return n
    case .real(let x)?: return Int(x)
    default: return 0
    }
  }

  public func real(_ name: String) -> Double {
    switch values[name] {
    case .int(let n)?: return Double(n)
    case .real(let x)?: return x
    default: return 0
    }
  }

  /// A list option's numbers (empty for `none`).
  public func integers(_ name: String) -> [Int] { Self.integers(word(name)) ?? [] }

  /// "7, 28" as [7, 28], "none" as []; nil when a part is not a whole number.
  static func integers(_ text: String) -> [Int]? {
    if text == "none" { return [] }
    var out: [Int] = []
    for part in text.split(separator: ",") {
      guard let n = Int(part.filter { $0 != " " }) else { return nil }
      out.append(n)
    }
    return out.isEmpty ? nil : out
  }

  public func word(_ name: String) -> String {
    if case .word(let w)? = values[name] { return w }
    return ""
  }

  /// "factors 64, reg 0.01" in the declared order.
  public func summary(_ declared: [ModelOption]) -> String {
    declared.compactMap { o in values[o.name].map { "\(o.name) \($0.text)" } }.joined(separator: " ")
  }
}
