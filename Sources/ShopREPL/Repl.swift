import ShopCore
import ShopRuntime
import ShopSyntax

/// The interactive loop: prompt, read until the input is complete, run, repeat.
///
/// The same `Interpreter.execute` runs terminal input and scripts; only prompting,
/// history and live output differ.
public struct Repl {
  public static let prompt = "shop> "
  public static let continuationPrompt = " ...> "

  public let interpreter: Interpreter
  public let reader: LineReader
  public let err: (String) -> Void

  public init(interpreter: Interpreter, reader: LineReader, err: @escaping (String) -> Void) {
    self.interpreter = interpreter
    self.reader = reader
    self.err = err
  }

  /// Runs until end of input; returns the number of inputs that failed.
  @discardableResult
  public func run() -> Int {
    var failures = 0
    var buffer: [String] = []
    while true {
      let line = reader.readLine(prompt: buffer.isEmpty ? Self.prompt : Self.continuationPrompt)
      guard let line else {
        if !buffer.isEmpty { err("error: input ended inside an unfinished command") }
        break
      }
      if InterruptFlag.takePending() {
        // Ctrl-C at the prompt abandons a half-typed multi-line input.
        buffer.removeAll()
      }
      buffer.append(line)
      let text = buffer.joined(separator: "\n")
      if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
        buffer.removeAll()
        continue
      }
      if !Parser.isComplete(text) { continue }
      buffer.removeAll()
      reader.addHistory(text)
      let outcome = interpreter.execute(text)
      InterruptFlag.clear()
      if let rendered = outcome.errorRendered {
        failures += 1
        err(rendered)
      }
    }
    reader.saveHistory()
    return failures
  }
}
