import ShopCore
import ShopFrames
import ShopSyntax

/// Runs ShopLab source: parses it, evaluates each statement's pipeline stage by stage,
/// prints results, and records every command in the session store.
///
/// The REPL and the script runner both hand it one complete input at a time (a line, or
/// a statement spanning several lines) through `execute(_:)`.
public final class Interpreter {
  public let session: Session
  public let registry: CommandRegistry

  public init(session: Session, registry: CommandRegistry = .standard) {
    self.session = session
    self.registry = registry
    session.interpreter = self
  }

  /// How one input ended.
  public struct Outcome: Sendable {
    public enum Status: String, Sendable { case ok, error, cancelled }
    public var status: Status
    /// Everything the input printed before it ended (the error is kept apart).
    public var output: String
    /// The error, when there was one: its message alone, and rendered with the source
    /// line and a caret.
    public var errorMessage: String?
    public var errorRendered: String?
    /// The value of the last statement, if it produced one.
    public var value: Value?

    /// Output and error as a person sees them.
    public var transcript: String {
      [output, errorRendered ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
    }
  }

  /// Runs one complete input and records it as one command in the store.
  ///
  /// - Parameters:
  ///   - text: the input; it may hold several statements, one per line.
  ///   - name: what errors call the source ("session" or a file path).
  ///   - firstLine: the line in that source where the input starts.
  public func execute(_ text: String, name: String = "session", firstLine: Int = 1) -> Outcome {
    let source = SourceText(name: name, text: text, firstLine: firstLine)
    session.currentSource = source
    let started = monotonicMilliseconds()
    var outcome = Outcome(status: .ok, output: "", errorMessage: nil, errorRendered: nil, value: nil)
    var commandID: Int64?
    if let store = session.store, let sid = session.sessionID {
      do {
        commandID = try store.beginCommand(
          session: sid, seq: commandSeq + 1, line: name == "session" ? nil : firstLine,
          text: TokenMask.masked(text))
        commandSeq += 1
      } catch {
        // A command the store cannot record is not run: the store keeps every command
        // that ran, and a person (or a script's exit status) learns that this one did not.
        outcome.status = .error
        Self.report(storeFailure: error, "the command did not run", in: &outcome)
        return outcome
      }
    }
    session.currentCommandID = commandID
    Cancellation.shared.reset()

    var storedError: String?
    func fail(_ diagnostic: Diagnostic, status: Outcome.Status) {
      outcome.status = status
      outcome.errorMessage = diagnostic.message
      outcome.errorRendered = DiagnosticRenderer.render(diagnostic, in: source)
      storedError = DiagnosticRenderer.oneLine(diagnostic, in: source)
    }
    let (statements, diagnostics) = Parser.parse(text)
    if let first = diagnostics.first {
      fail(first, status: .error)
    } else {
      for statement in statements {
        do {
          outcome.value = try run(statement)
        } catch {
          let diagnostic = (error as? DiagnosticConvertible)?.diagnostic ?? .error("\(error)")
          fail(diagnostic, status: error is CommandCancelled ? .cancelled : .error)
          break
        }
      }
    }
    outcome.output = session.console.drain()
    if let store = session.store, let commandID {
      let status: ShopStoreStatus = outcome.status == .ok ? .ok : (outcome.status == .error ? .error : .cancelled)
      do {
        try store.finishCommand(
          commandID, output: outcome.transcript, status: status, error: storedError,
          durationMs: monotonicMilliseconds() - started)
      } catch {
        // The command ran but the store still says `running`: an error, so a script stops
        // and exits non-zero rather than claim a record it does not have.
        outcome.status = .error
        Self.report(storeFailure: error, "the command ran, but its output and status are not recorded", in: &outcome)
      }
    }
    session.currentCommandID = nil
    return outcome
  }

  /// Makes a failed store write the outcome's error, after any error the command had.
  /// Its message replaces the command's, so an error a script expects (`# expect error:`)
  /// never hides a store that stopped recording.
  private static func report(storeFailure error: Error, _ consequence: String, in outcome: inout Outcome) {
    var diagnostic = (error as? DiagnosticConvertible)?.diagnostic ?? .error("\(error)")
    diagnostic.message += "; \(consequence)"
    let rendered = DiagnosticRenderer.render(diagnostic, in: nil)
    outcome.errorMessage = diagnostic.message
    outcome.errorRendered = outcome.errorRendered.map { $0 + "\n" + rendered } ?? rendered
  }

  private var commandSeq = 0

  /// Runs one statement and shows its result.
  func run(_ statement: Statement) throws -> Value {
    session.pendingNotes = []
    defer { session.pendingNotes = [] }
    let value = try evaluate(statement.pipeline)
    switch statement.kind {
    case .binding(let name, let range, _):
      guard name != "_" else { throw RuntimeError.invalidValue("'_' is the last result and cannot be bound", at: range) }
      if registry.lookup(name) != nil {
        throw RuntimeError.invalidValue("'\(name)' is a command; choose another name", at: range)
      }
      session.bindings[name] = value
      if case .frame(let f) = value {
        session.console.print("\(name): " + NumberFormat.shape(rows: f.rowCount, columns: f.columnCount))
      }
      if case .none = value {} else { session.last = value }
    case .pipeline:
      if !session.quietResult { show(value) }
      if case .none = value {} else { session.last = value }
    }
    for note in session.pendingNotes { session.console.print(note) }
    return value
  }

  /// Prints a value the way the REPL shows results.
  func show(_ value: Value) {
    let text = ValuePrinter.render(value, settings: session.settings)
    if !text.isEmpty { session.console.print(text) }
  }

  /// Evaluates a pipeline: each stage gets the previous stage's value.
  func evaluate(_ pipeline: Pipeline) throws -> Value {
    var value: Value? = nil
    for (i, stage) in pipeline.stages.enumerated() {
      session.quietResult = false
      if stage.terms.isEmpty {
        guard let last = session.last else { throw RuntimeError.noLastResult(at: stage.range) }
        value = last
        continue
      }
      value = try evaluate(stage, input: i == 0 ? nil : value)
      try Cancellation.shared.check()
    }
    return value ?? Value.none
  }

  /// The lowercase words of a command's synopsis (`desc`, `by`, `every` …): its keywords,
  /// where placeholders are written in capitals.
  static func keywords(of command: Command) -> [String] {
    let words = command.synopsis.split { !($0.isLetter || $0 == "_") }.map(String.init)
    return Array(Set(words.filter { $0.count >= 2 && $0 == $0.lowercased() && $0 != command.name }))
      .sorted()
  }

  /// The keyword `word` is a typo of, as `Suggestions.nearest` judges it; on a tie the
  /// one with the same first letter (`dsc` is `desc`, not `asc`), else none.
  static func nearestKeyword(_ word: String, of command: Command) -> String? {
    let keywords = keywords(of: command)
    guard !keywords.contains(word), let nearest = Suggestions.nearest(to: word, in: keywords) else { return nil }
    let best = Suggestions.editDistance(word.lowercased(), nearest.lowercased())
    let tied = keywords.filter { Suggestions.editDistance(word.lowercased(), $0.lowercased()) == best }
    if tied.count == 1 { return nearest }
    let sameStart = tied.filter { $0.first == word.lowercased().first }
    return sameStart.count == 1 ? sameStart[0] : nil
  }

  private func evaluate(_ stage: Stage, input: Value?) throws -> Value {
    if let head = stage.head, let command = registry.lookup(head.name) {
      if input != nil, command.input == .none {
        throw RuntimeError.invalidValue("'\(command.name)' does not take piped input", at: head.range)
      }
      var invocation = Invocation(
        args: Arguments(command: command.name, terms: Array(stage.terms.dropFirst()), stageRange: stage.range),
        input: input, session: session, command: command, range: head.range)
      do {
        return try command.run(&invocation)
      } catch RuntimeError.expected(let what, let range) {
        // A word or argument is missing or misplaced: the command's form shows what goes
        // where (`resample t every week` → usage: resample TIME by PERIOD …).
        throw RuntimeError.expectedInCommand(what, usage: command.synopsis, at: range)
      } catch RuntimeError.unexpectedArgument(let what, let name, let range) {
        let columns: [String]
        switch input {
        case .frame(let f)?, .grouped(let f, _)?: columns = f.columnNames
        default: columns = []
        }
        if let column = SpacedColumnHint.column(
          around: range, in: Array(stage.terms.dropFirst()), columns: columns)
        {
          throw RuntimeError.unexpectedWithHint(
            what, label: "did you mean `\(column)`?",
            note: "a column name with spaces goes in back-quotes: `\(column)`", at: range)
        }
        // A misspelt word of the command's own (`sort n dsc`): its synopsis lists them.
        if what.hasPrefix("'"), what.hasSuffix("'"), what.count > 2,
          let word = Self.nearestKeyword(String(what.dropFirst().dropLast()), of: command)
        {
          throw RuntimeError.unexpectedWithHint(
            what, label: "did you mean '\(word)'?", note: "'help \(name)' shows how to use it", at: range)
        }
        throw RuntimeError.unexpectedArgument(what, command: name, at: range)
      } catch let error as DiagnosticConvertible where !(error is CommandCancelled) && error.diagnostic.range == nil {
        // An error that does not say where it happened points at its command: in a script,
        // a message alone (a join's clashing key types, a union's missing column, a KPI's
        // missing role) leaves the reader to find the line.
        var located = error.diagnostic
        located.range = head.range
        throw located
      }
    }
    // Not a command. After a pipe, or followed by arguments, it was meant to be one.
    if let head = stage.head, input != nil || stage.terms.count > 1 {
      throw RuntimeError.unknownCommand(head.name, known: registry.allNames, at: head.range)
    }
    // A lone expression: a name, `_`, arithmetic on single values.
    guard stage.terms.count == 1, input == nil, case .expr(let expr) = stage.terms[0].kind else {
      throw RuntimeError.expected("a command", at: stage.terms[0].range)
    }
    return try ExpressionEvaluator(session: session, commandNames: registry.allNames).evaluate(expr)
  }
}

typealias ShopStoreStatus = ShopStore.CommandStatus

import ShopStore

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Milliseconds on a monotonic clock.
func monotonicMilliseconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
}

extension Interpreter {
  /// Runs text inside a running command (for `replay`): output goes to the same console,
  /// and nothing new is recorded in the store beyond the outer command. An error points at
  /// `name`:`line` (the replayed session and the command's place in it).
  func runNested(_ text: String, name: String = "replay", line: Int = 1) -> Outcome {
    var outcome = Outcome(status: .ok, output: "", errorMessage: nil, errorRendered: nil, value: nil)
    let source = SourceText(name: name, text: text, firstLine: line)
    let outer = session.currentSource
    session.currentSource = source
    defer { session.currentSource = outer }
    let (statements, diagnostics) = Parser.parse(text)
    if let first = diagnostics.first {
      session.console.print(DiagnosticRenderer.render(first, in: source))
      outcome.status = .error
      return outcome
    }
    for statement in statements {
      do {
        outcome.value = try run(statement)
      } catch {
        let diagnostic = (error as? DiagnosticConvertible)?.diagnostic ?? .error("\(error)")
        session.console.print(DiagnosticRenderer.render(diagnostic, in: source))
        outcome.status = error is CommandCancelled ? .cancelled : .error
        break
      }
    }
    return outcome
  }
}
