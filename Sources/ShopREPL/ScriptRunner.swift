import Foundation
import ShopCore
import ShopRuntime
import ShopScripts

/// Runs a `.shop` script: plainly, checking its `# expect:` lines, or rewriting them.
public struct ScriptRunner {
  public enum Mode: Sendable, Equatable {
    /// Run and print; with `echo`, print each input before its output, like a transcript.
    case run(echo: Bool)
    /// Compare every input's output with the `# expect:` lines under it.
    case check
    /// Run and rewrite the `# expect:` lines to what the program prints now.
    case accept
  }

  /// What a run found.
  public struct Report: Sendable {
    public var inputs = 0
    public var errors = 0
    /// One rendered mismatch per input whose output drifted (check mode).
    public var mismatches: [String] = []
    public var stoppedEarly = false
    public var passed: Bool { mismatches.isEmpty && (errors == 0 || checkedErrorsOnly) }
    var checkedErrorsOnly = false
  }

  public let interpreter: Interpreter
  public let mode: Mode
  public let keepGoing: Bool
  /// Where run-mode output and error text go (stdout and stderr for the CLI).
  public let out: (String) -> Void
  public let err: (String) -> Void

  public init(
    interpreter: Interpreter, mode: Mode, keepGoing: Bool = false,
    out: @escaping (String) -> Void, err: @escaping (String) -> Void
  ) {
    self.interpreter = interpreter
    self.mode = mode
    self.keepGoing = keepGoing
    self.out = out
    self.err = err
  }

  /// Runs the script text; `name` is how errors refer to it (`tour.shop:3:5`).
  public func run(text: String, name: String, path: String? = nil) -> Report {
    var report = Report()
    report.checkedErrorsOnly = mode != .run(echo: false) && mode != .run(echo: true)
    let chunks = ScriptChunker.chunks(of: text)
    // Every script is also a lesson: in check mode its markup must read, and each
    // exercise's reference answer must pass the exercise's own check.
    let lesson = mode == .check ? LessonParser.parse(text, name: name) : nil
    var exercises: [Int: Exercise] = [:]
    if let lesson {
      for problem in lesson.problems { report.mismatches.append("\(name):\(problem.line): lesson markup: \(problem.message)") }
      for step in lesson.steps { if let e = step.exercise { exercises[step.command.firstLine] = e } }
    }
    var rewritten: [(chunk: ScriptChunk, lines: [String])] = []
    for chunk in chunks {
      if case .run(let echo) = mode, echo {
        out(chunk.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
          ($0.offset == 0 ? "» " : "  ") + $0.element
        }.joined(separator: "\n"))
      }
      let outcome = interpreter.execute(chunk.text, name: name, firstLine: chunk.firstLine)
      report.inputs += 1
      switch mode {
      case .run(let echo):
        // Output was written through as it was printed. An error the script itself
        // expects (`# expect error:`) is part of the lesson: shown, not a failure.
        if let rendered = outcome.errorRendered {
          if let expected = chunk.expectedError, expected == outcome.errorMessage {
            out(rendered)
            if echo { out("") }
            continue
          }
          report.errors += 1
          err(rendered)
        }
        if echo { out("") }
        if outcome.status != .ok, !keepGoing {
          report.stoppedEarly = true
          return report
        }
      case .check:
        if outcome.status != .ok { report.errors += 1 }
        if let mismatch = compare(chunk, outcome, name: name) { report.mismatches.append(mismatch) }
        if let exercise = exercises[chunk.firstLine], let failure = exercise.check.verifyReference(outcome.value) {
          report.mismatches.append("\(name):\(chunk.firstLine): exercise check fails: \(failure)")
        }
      case .accept:
        if outcome.status != .ok { report.errors += 1 }
        rewritten.append((chunk, expectations(for: outcome)))
      }
      if Cancellation.shared.isRequested { break }
    }
    if mode == .accept, let path {
      let updated = Self.rewrite(text, with: rewritten)
      if updated != text {
        do { try updated.write(toFile: path, atomically: true, encoding: .utf8) } catch {
          err("error: cannot rewrite '\(path)': \(error.localizedDescription)")
        }
      }
    }
    return report
  }

  /// The `# expect` lines that describe an outcome.
  func expectations(for outcome: Interpreter.Outcome) -> [String] {
    var lines: [String] = []
    if !outcome.output.isEmpty {
      lines = outcome.output.split(separator: "\n", omittingEmptySubsequences: false).map {
        $0.isEmpty ? "# expect:" : "# expect: \($0)"
      }
    }
    if let message = outcome.errorMessage { lines.append("# expect error: \(message)") }
    return lines
  }

  /// A rendered difference between what a chunk expects and what it printed, or nil.
  func compare(_ chunk: ScriptChunk, _ outcome: Interpreter.Outcome, name: String) -> String? {
    let actual = outcome.output.isEmpty ? [] : outcome.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let expected = chunk.expectedOutput
    let errorMatches = chunk.expectedError == outcome.errorMessage
    if actual == expected && errorMatches { return nil }
    var lines = ["\(name):\(chunk.firstLine): output differs for:", "  " + chunk.text.replacingOccurrences(of: "\n", with: "\n  ")]
    lines += LineDiff.unified(expected: expected, actual: actual).map { "  " + $0 }
    if !errorMatches {
      lines.append("  expected error: \(chunk.expectedError ?? "none")")
      lines.append("  actual error:   \(outcome.errorMessage ?? "none")")
      if let rendered = outcome.errorRendered { lines += rendered.split(separator: "\n").map { "    " + $0 } }
    }
    return lines.joined(separator: "\n")
  }

  /// The script with each chunk's expectation lines replaced.
  static func rewrite(_ text: String, with chunks: [(chunk: ScriptChunk, lines: [String])]) -> String {
    // Lines as the chunker numbered them, written back with the file's own line ending.
    var lines = ScriptLines.split(text)
    let ending = ScriptLines.ending(of: text)
    let hadTrailingNewline = ScriptLines.endsWithNewline(text)
    if hadTrailingNewline { lines.removeLast() }
    var drop = Set<Int>()
    var insertAfter: [Int: [String]] = [:]
    for (chunk, expectations) in chunks {
      for l in chunk.expectationLines { drop.insert(l) }
      // Keep the indentation of the chunk's first line.
      let indent = String(chunk.text.prefix { $0 == " " })
      insertAfter[chunk.lastLine] = expectations.map { indent + $0 }
    }
    var out: [String] = []
    for (i, line) in lines.enumerated() {
      let number = i + 1
      if !drop.contains(number) { out.append(line) }
      if let added = insertAfter[number] { out += added }
    }
    return out.joined(separator: ending) + (hadTrailingNewline ? ending : "")
  }
}

/// A minimal line diff for mismatch reports: `-` expected, `+` actual.
enum LineDiff {
  static func unified(expected: [String], actual: [String]) -> [String] {
    // Longest common subsequence table; scripts' outputs are small.
    let n = expected.count
    let m = actual.count
    if n * m > 4_000_000 {
      return expected.map { "- " + $0 } + actual.map { "+ " + $0 }
    }
    var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [String] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, expected[i] == actual[j] {
        out.append("  " + expected[i])
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        out.append("- " + expected[i])
        i += 1
      } else {
        out.append("+ " + actual[j])
        j += 1
      }
    }
    return out
  }
}
