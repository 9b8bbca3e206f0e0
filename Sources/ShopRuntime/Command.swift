import ShopCore
import ShopFrames
import ShopSyntax

/// A command of the language, as a value: its name, its help, and what it does.
///
/// Commands live in families (one file each under `Commands/`) and are gathered in
/// `CommandRegistry.standard`. `help` is generated from these fields, and the tests run
/// every example, so the help can never drift from the program.
public struct Command: Sendable {
  /// What a command expects from the stage before it.
  public enum Input: Sendable {
    /// Starts a pipeline (`load`, `help`, `sql`).
    case none
    /// Works on a table: piped in, or named as the first argument (`describe orders`).
    case frame
    /// Takes whatever comes (`print`, `keep`).
    case any
  }

  public var name: String
  public var aliases: [String]
  public var category: String
  /// The usage line: `head [N]`.
  public var synopsis: String
  /// One line for the `help` list.
  public var summary: String
  /// The rest of the help page.
  public var details: String
  /// Lines that run as written when a table `orders` is bound (the tests run them).
  public var examples: [String]
  public var input: Input
  /// Whether the command writes files (it then names them through `OutputFile`); `replay`
  /// lists such commands before it runs any of them.
  public var writesFiles: Bool
  public var run: @Sendable (inout Invocation) throws -> Value

  public init(
    _ name: String, aliases: [String] = [], category: String, synopsis: String, summary: String,
    details: String = "", examples: [String] = [], input: Input, writesFiles: Bool = false,
    run: @escaping @Sendable (inout Invocation) throws -> Value
  ) {
    self.writesFiles = writesFiles
    self.name = name
    self.aliases = aliases
    self.category = category
    self.synopsis = synopsis
    self.summary = summary
    self.details = details
    self.examples = examples
    self.input = input
    self.run = run
  }
}

/// Everything a running command can reach.
public struct Invocation {
  public var args: Arguments
  /// The value piped in from the previous stage, if any.
  public let input: Value?
  public let session: Session
  public let command: Command
  /// The range of the command word, where errors about the command as a whole point.
  public let range: SourceRange

  /// Prints a line of output now.
  public func say(_ text: String) { session.console.print(text) }

  /// Prints a line after the statement's result (a definition under its table), even
  /// when later stages reshape the result.
  public func note(_ text: String) { session.pendingNotes.append(text) }

  /// The table to work on: the piped value, or else the first argument when it names one.
  public mutating func frame() throws -> Frame {
    if let input {
      guard case .frame(let f) = input else {
        throw RuntimeError.wrongInput(command: command.name, needs: "a table", got: input.kindName, at: range)
      }
      return f
    }
    // A table named first: `describe orders`, `head _ 5`. Anything else is no table at all.
    if let name = args.peekName, session.bindings[name] != nil || (name == "_" && lastIsTable) {
      return try namedFrame("a table").0
    }
    throw RuntimeError.missingInput(command: command.name, at: range)
  }

  private var lastIsTable: Bool {
    if case .frame? = session.last { return true }
    return false
  }

  /// The table named next (or `_`), with the name it is bound to.
  public mutating func namedFrame(_ what: String) throws -> (Frame, String?) {
    let (name, range) = try args.name(what)
    if name == "_" {
      guard case .frame(let f)? = session.last else { throw RuntimeError.noLastResult(at: range) }
      return (f, nil)
    }
    guard let bound = session.bindings[name] else {
      throw RuntimeError.unknownName(name, known: session.boundNames, at: range)
    }
    guard case .frame(let f) = bound else {
      throw RuntimeError.wrongInput(
        command: command.name, needs: "a table", got: "'\(name)', \(bound.kindName)", at: range)
    }
    return (f, name)
  }

  /// Translates an expression into a column expression over `frame`.
  public func columnExpr(_ expr: Expr, over frame: Frame) throws -> ColumnExpr {
    try ExpressionTranslator(session: session, columns: Set(frame.columnNames)).translate(expr)
  }

  /// Evaluates an expression to a value (names, literals, arithmetic on numbers).
  public func value(of expr: Expr) throws -> Value {
    try ExpressionEvaluator(session: session).evaluate(expr)
  }
}

/// The set of commands the interpreter knows, by name and alias.
public struct CommandRegistry: Sendable {
  public private(set) var commands: [Command] = []
  private var byName: [String: Int] = [:]

  public init(_ commands: [Command]) {
    for command in commands { register(command) }
  }

  public mutating func register(_ command: Command) {
    let index = commands.count
    commands.append(command)
    for name in [command.name] + command.aliases { byName[name] = index }
  }

  public func lookup(_ name: String) -> Command? { byName[name].map { commands[$0] } }

  /// Every name and alias, sorted (for completion and "did you mean").
  public var allNames: [String] { byName.keys.sorted() }
}
