import Foundation
import ShopCore
import ShopFrames
import ShopStore
import ShopSyntax

/// history, sessions, replay, export, sql, keep, tables: the session store from the language.
enum StoreCommands {
  static let all: [Command] = [history, sessions, replay, export, sql, keep, tables]

  static func store(_ inv: Invocation) throws -> SessionStore {
    guard let store = inv.session.store else {
      throw RuntimeError.invalidValue("this session has no store", at: inv.range)
    }
    return store
  }

  /// `this`, `last` (the session before this one) or a session number.
  static func sessionID(_ inv: inout Invocation) throws -> Int64 {
    if inv.args.keyword("this") || inv.args.keyword("current") {
      guard let id = inv.session.sessionID else { throw RuntimeError.invalidValue("no current session", at: inv.range) }
      return id
    }
    if inv.args.keyword("last") || inv.args.keyword("previous") {
      let current = inv.session.sessionID ?? Int64.max
      guard let previous = try store(inv).sessions(limit: 1000).first(where: { $0.id < current }) else {
        throw RuntimeError.invalidValue("there is no earlier session", at: inv.range)
      }
      return previous.id
    }
    let (n, _) = try inv.args.integer("a session number, 'this' or 'last'")
    return Int64(n)
  }

  static let history = Command(
    "history", category: "Store", synopsis: "history [all | session N] [search \"TEXT\"] [last N]",
    summary: "the commands run in this session (or all sessions), searchable",
    details: "Returns a table: session, n (position in the session), status and command text.",
    examples: ["history", "history all search \"load\" last 5"], input: .none
  ) { inv in
    let store = try store(inv)
    var session: Int64? = inv.session.sessionID
    var search: String?
    var limit = 1000
    while !inv.args.atEnd {
      if inv.args.keyword("all") {
        session = nil
      } else if inv.args.keyword("session") {
        session = try sessionID(&inv)
      } else if inv.args.keyword("search") {
        search = try inv.args.string("the text to search for").0
      } else if inv.args.keyword("last") {
        // At least 0 (a suffix of negative length traps), and small enough for `limit + 1`.
        limit = min(try inv.args.count("how many", minimum: 0), 1 << 40)
      } else {
        try inv.args.finish()
      }
    }
    // The history command itself is still running: leave it out.
    let current = inv.session.currentCommandID
    let records = try store.commands(session: session, search: search, limit: limit + 1).filter { $0.id != current }
    let shown = Array(records.suffix(limit))
    return .frame(Frame(columns: [
      Column(name: "session", scalars: shown.map { .int($0.session) }, type: .int),
      Column(name: "n", scalars: shown.map { .int(Int64($0.seq)) }, type: .int),
      Column(name: "status", scalars: shown.map { .string($0.status) }, type: .string),
      Column(name: "command", scalars: shown.map { .string($0.text) }, type: .string),
    ]))
  }

  static let sessions = Command(
    "sessions", category: "Store", synopsis: "sessions [last N]",
    summary: "the sessions in the store, newest first",
    examples: ["sessions"], input: .none
  ) { inv in
    var limit = 20
    if inv.args.keyword("last") { limit = try inv.args.count("how many", minimum: 0) }
    try inv.args.finish()
    let rows = try store(inv).sessions(limit: limit)
    return .frame(Frame(columns: [
      Column(name: "id", scalars: rows.map { .int($0.id) }, type: .int),
      Column(name: "started", scalars: rows.map { .string(String($0.startedAt.prefix(19))) }, type: .string),
      Column(name: "kind", scalars: rows.map { .string($0.kind) }, type: .string),
      Column(name: "source", scalars: rows.map { .string($0.source) }, type: .string),
      Column(name: "commands", scalars: rows.map { .int(Int64($0.commandCount)) }, type: .int),
      Column(name: "errors", scalars: rows.map { .int(Int64($0.errorCount)) }, type: .int),
    ]))
  }

  static let replay = Command(
    "replay", category: "Store", synopsis: "replay SESSION [writing files]",
    summary: "run again, in this session, every command of an earlier session",
    details: """
      SESSION is a number from 'sessions', 'last' for the previous session. Commands that failed are run again too, so the replay shows the same errors.
      A session whose commands write files (save, export) is not replayed unless the replay says 'writing files': without it, replay lists those commands and runs nothing. With it, the list is shown first, and a file that exists is still replaced only by a command that says 'overwrite'; so is a kept table, by a 'keep' that says it.
      """,
    examples: [], input: .none
  ) { inv in
    let id = try sessionID(&inv)
    var writingFiles = false
    if inv.args.keyword("writing") {
      try inv.args.expectKeyword("files")
      writingFiles = true
    }
    try inv.args.finish()
    guard id != inv.session.sessionID else {
      throw RuntimeError.invalidValue("a session cannot replay itself", at: inv.range)
    }
    guard inv.session.replayDepth < 4, let interpreter = inv.session.interpreter else {
      throw RuntimeError.invalidValue("replay nested too deeply", at: inv.range)
    }
    _ = try store(inv).session(id)
    let commands = try store(inv).commands(session: id)
    // Before anything runs: which commands would write files.
    let writers = commands.filter { writesFiles($0.text, registry: interpreter.registry) }
    if !writers.isEmpty {
      let listed = writers.map { "\($0.seq): \($0.text)" }
      guard writingFiles else {
        throw Diagnostic.error(
          "session \(id) writes files; replay runs it only when told 'writing files'",
          notes: listed + ["'replay \(id) writing files' runs the session, these commands included"])
      }
      inv.say("replay: \(writers.count) of the \(commands.count) commands of session \(id) write files:")
      for line in listed { inv.say("  " + line) }
    }
    inv.session.replayDepth += 1
    let outerWrites = inv.session.replayWritesFiles
    inv.session.replayWritesFiles = writingFiles
    defer {
      inv.session.replayDepth -= 1
      inv.session.replayWritesFiles = outerWrites
    }
    var failed = 0
    for record in commands {
      inv.say("» \(record.text)")
      let outcome = interpreter.runNested(record.text, name: "replay of session \(id)", line: record.seq)
      if outcome.status != .ok { failed += 1 }
      try Cancellation.shared.check()
    }
    inv.say("replayed \(commands.count) commands of session \(id)\(failed > 0 ? ", \(failed) failed" : "")")
    return .none
  }

  static let export = Command(
    "export", category: "Store", synopsis: "export SESSION to \"FILE.shop\" | \"FILE.md\" [overwrite]",
    summary: "write a session as a runnable script, or as a markdown transcript with outputs",
    details: "In the script, commands that failed or were interrupted are kept as comments, so it runs through. An existing file is replaced only when the command ends in 'overwrite'.",
    examples: ["export this to \"/tmp/shoplab-session.md\" overwrite"], input: .none, writesFiles: true
  ) { inv in
    let id = try sessionID(&inv)
    try inv.args.expectKeyword("to")
    let file = try OutputFile.read(&inv, what: "a file name ending in .shop or .md")
    let (path, range) = (file.path, file.range)
    try inv.args.finish()
    let current = inv.session.currentCommandID
    let session = try store(inv).session(id)
    let records = try store(inv).commands(session: id).filter { $0.id != current }
    let text: String
    if path.hasSuffix(".md") {
      text = Transcript.markdown(session: session, commands: records)
    } else if path.hasSuffix(".shop") {
      text = Transcript.script(session: session, commands: records)
    } else {
      throw RuntimeError.invalidValue("export writes .shop or .md files", at: range)
    }
    do {
      // Without 'overwrite', O_EXCL: a file that appeared since the check is not replaced.
      try Data(text.utf8).write(
        to: URL(fileURLWithPath: file.resolved), options: file.overwrite ? .atomic : .withoutOverwriting)
    } catch {
      throw RuntimeError.fileError("cannot write '\(path)': \(error.localizedDescription)")
    }
    inv.say("export: wrote \(records.count) commands of session \(id) to \(path)")
    return .none
  }

  static let sql = Command(
    "sql", category: "Store", synopsis: "sql \"SELECT …\"",
    summary: "query the session store directly (read-only); kept tables are queryable by name",
    details: "Tables: sessions, commands, kept_tables, models, metrics, and every table kept with 'keep'. docs/store.md describes them. One statement that only reads: select, with, and pragmas that report; anything that would write (insert, update, delete, create, drop, attach, vacuum, setting a pragma) is refused.",
    examples: ["sql \"select count(*) as n from sessions\""], input: .none
  ) { inv in
    let (text, _) = try inv.args.string("an SQL query in quotes")
    try inv.args.finish()
    return .frame(try store(inv).query(text))
  }

  static let keep = Command(
    "keep", category: "Store", synopsis: "keep NAME [overwrite]  |  TABLE | keep NAME [overwrite]",
    summary: "store a table in the session store as a real SQLite table",
    details: "A kept table survives the session: 'load table NAME' reads it back with its types, and 'sql' can query it. A table already kept under the name (in any case) is replaced only when the command ends in 'overwrite'.",
    examples: ["orders | head 100 | keep sample_orders overwrite"], input: .any
  ) { inv in
    let ref = try inv.args.column("a name for the table")
    let overwrite = inv.args.keyword("overwrite")
    try inv.args.finish()
    let frame: Frame
    if let input = inv.input {
      guard case .frame(let f) = input else {
        throw RuntimeError.wrongInput(command: "keep", needs: "a table", got: input.kindName, at: inv.range)
      }
      frame = f
    } else {
      guard let bound = inv.session.bindings[ref.name], case .frame(let f) = bound else {
        throw RuntimeError.unknownName(ref.name, known: inv.session.boundNames, at: ref.range ?? inv.range)
      }
      frame = f
    }
    // Ctrl-C while rows go in rolls the keep back. Once committed, the table is kept and
    // the command is done: a Ctrl-C arriving after that is too late to stop it, and must
    // not mark as interrupted a command whose table exists.
    let replaced: KeptTable?
    do {
      replaced = try store(inv).keep(
        frame, as: ref.name, session: inv.session.sessionID, command: inv.session.currentCommandID,
        replacing: overwrite, stop: { try Cancellation.shared.check() })
    } catch let error as StoreError where error.isAboutTheName {
      // Pointed at the name the command gave.
      var diagnostic = error.diagnostic
      diagnostic.range = ref.range ?? inv.range
      throw diagnostic
    } catch StoreError.alreadyKept(let earlier) {
      // Pointed at the name, like a file that exists: the fix is a word after it.
      let diagnostic = StoreError.alreadyKept(earlier).diagnostic
      throw Diagnostic.error(
        diagnostic.message, at: ref.range ?? inv.range, label: "add 'overwrite' after the name to replace it",
        notes: ["another name keeps both; 'tables' lists the kept tables"])
    }
    Cancellation.shared.reset()
    let shape = NumberFormat.shape(rows: frame.rowCount, columns: frame.columnCount)
    if let replaced {
      let before = replaced.rows.map { NumberFormat.shape(rows: $0, columns: replaced.columns ?? 0) }
      inv.say("keep: stored \(ref.name) (\(shape)), replacing the earlier \(replaced.name)\(before.map { " (\($0))" } ?? "")")
    } else {
      inv.say("keep: stored \(ref.name) (\(shape))")
    }
    return .none
  }

  static let tables = Command(
    "tables", category: "Store", synopsis: "tables",
    summary: "the tables kept in the store",
    examples: ["tables"], input: .none
  ) { inv in
    try inv.args.finish()
    let rows = try store(inv).keptTables()
    return .frame(Frame(columns: [
      Column(name: "name", scalars: rows.map { .string($0.name) }, type: .string),
      Column(name: "rows", scalars: rows.map { .int(Int64($0.rows)) }, type: .int),
      Column(name: "columns", scalars: rows.map { .int(Int64($0.columns)) }, type: .int),
    ]))
  }
}

/// Whether any stage of `text` runs a command that writes files (text that does not
/// parse runs nothing).
private func writesFiles(_ text: String, registry: CommandRegistry) -> Bool {
  Parser.parse(text).statements.contains { statement in
    statement.pipeline.stages.contains { stage in
      stage.head.flatMap { registry.lookup($0.name) }?.writesFiles ?? false
    }
  }
}

/// Writes a stored session as a script or a markdown transcript.
enum Transcript {
  static func script(session: SessionRecord, commands: [CommandRecord]) -> String {
    var lines = ["# ShopLab session \(session.id) (\(session.kind): \(session.source)), started \(session.startedAt.prefix(19))"]
    for c in commands {
      if c.status == "ok" {
        lines.append(c.text)
      } else {
        // Kept as a comment, so the exported script runs through.
        lines.append("# \(c.status == "cancelled" ? "interrupted" : "failed"): \(c.error ?? c.status)")
        lines += c.text.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func markdown(session: SessionRecord, commands: [CommandRecord]) -> String {
    var out = "# ShopLab session \(session.id)\n\n"
    out += "Started \(session.startedAt.prefix(19)) · \(session.kind) · \(session.source) · \(commands.count) commands\n"
    for c in commands {
      out += "\n```shop\n\(c.text)\n```\n"
      if !c.output.isEmpty { out += "\n```text\n\(c.output)\n```\n" }
    }
    return out
  }
}
