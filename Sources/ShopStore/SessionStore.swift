import Foundation
import ShopCore
import ShopFrames

/// The SQLite file in which every session lives: sessions, commands with their output,
/// kept tables, models and metrics.
///
/// Every write is its own transaction, and the file runs in WAL mode, so a kill at any
/// moment loses at most the command in flight (left with status `running`) and never
/// corrupts what was written before it.
public final class SessionStore {
  public let database: Database

  /// Opens the store at `path`, creating it (or making an empty file one) if needed.
  ///
  /// - Throws: `StoreError.notAStore` for a file another program owns (not SQLite, another
  ///   `application_id`, tables that are not a ShopLab store's), `StoreError.newerStore`
  ///   for a store written by a newer ShopLab. Neither file is written to.
  public init(path: String) throws {
    database = try Database(path: path)
    // Identify the file before anything writes to it: switching to WAL rewrites the
    // header, and migrating would add our tables to someone else's database.
    // One read transaction, so the mark and the tables are seen as of one moment even while
    // another process is turning the same fresh file into a store.
    let identity = try database.readTransaction { try identify() }
    if path != ":memory:" {
      // Fails only while another connection holds the file, which has then set WAL itself.
      _ = try? database.query("PRAGMA journal_mode=WAL")
      try database.execute("PRAGMA synchronous=NORMAL")
      database.checkpointInBackground()
    }
    try database.execute("PRAGMA foreign_keys=ON")
    if identity != .marked { try adopt() }
    try migrate()
  }

  /// ShopLab's mark in the SQLite header (`PRAGMA application_id`): "SHOP" in ASCII.
  public static let applicationID: Int64 = 0x5348_4F50

  private enum Identity { case fresh, unmarked, marked }

  /// Whether the file is empty, a store from before the mark, or a marked store; throws for
  /// anything else. Reads only.
  private func identify() throws -> Identity {
    let id = try database.query("PRAGMA application_id").first?[0].integer ?? 0
    let version = try database.query("PRAGMA user_version").first?[0].integer ?? 0
    let objects = try database.query(
      "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ).compactMap { $0[0].text }
    if id != 0, id != Self.applicationID {
      throw StoreError.notAStore(
        path: database.path, reason: "it belongs to another application (application_id \(id))")
    }
    if id == 0 {
      if objects.isEmpty { return .fresh }
      // A store made before the mark existed has the migration record and the sessions; a
      // store another process is creating right now has the record alone so far.
      guard Set(objects).isSuperset(of: ["schema_migrations", "sessions", "commands"]) || objects == ["schema_migrations"]
      else {
        let shown = objects.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (objects.count > 5 ? ", …" : "")
        throw StoreError.notAStore(path: database.path, reason: "it holds other tables (\(shown))")
      }
    }
    let known = Migrations.all.map(\.name)
    if version > known.count {
      throw StoreError.newerStore(path: database.path, found: "schema version \(version)", known: known.count)
    }
    if objects.contains("schema_migrations"),
      let unknown = try database.query("SELECT name FROM schema_migrations ORDER BY name")
        .compactMap({ $0[0].text }).first(where: { !known.contains($0) })
    {
      throw StoreError.newerStore(path: database.path, found: "migration '\(unknown)'", known: known.count)
    }
    return id == 0 ? .unmarked : .marked
  }

  /// Marks an empty file or an unmarked store as ShopLab's, with the migration record.
  /// Done under the write lock, after looking again: another process may have made the
  /// file a store since `identify`, or something else of it.
  private func adopt() throws {
    try database.transaction {
      if try identify() == .marked { return }
      try database.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
      try database.execute("PRAGMA application_id = \(Self.applicationID)")
    }
  }

  /// Applies every migration not yet recorded, each in its own transaction, and keeps
  /// `PRAGMA user_version` at the number applied, so an older ShopLab can tell that it
  /// does not know this store's schema.
  ///
  /// Whether a migration is applied is checked again inside its write transaction:
  /// another process opening the same fresh file at the same moment may have applied it
  /// between the first look and the lock.
  private func migrate() throws {
    let applied = Set(try database.query("SELECT name FROM schema_migrations").compactMap { $0[0].text })
    for (index, migration) in Migrations.all.enumerated() where !applied.contains(migration.name) {
      try database.transaction {
        let done = try database.query("SELECT 1 FROM schema_migrations WHERE name = ?", [.text(migration.name)])
        if !done.isEmpty { return }
        try database.execute(migration.sql)
        try database.query(
          "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
          [.text(migration.name), .text(Self.now())])
        try database.execute("PRAGMA user_version = \(index + 1)")
      }
    }
    // Stores made before user_version was kept.
    if try database.query("PRAGMA user_version").first?[0].integer ?? 0 < Int64(Migrations.all.count) {
      try database.transaction {
        let count = try database.query("SELECT count(*) FROM schema_migrations").first?[0].integer ?? 0
        try database.execute("PRAGMA user_version = \(count)")
      }
    }
  }

  /// The names of applied migrations, in order.
  public func appliedMigrations() throws -> [String] {
    try database.query("SELECT name FROM schema_migrations ORDER BY name").compactMap { $0[0].text }
  }

  static func now() -> String {
    let t = Date().timeIntervalSince1970
    let seconds = Int64(t.rounded(.down))
    let millis = Int((t - Double(seconds)) * 1000)
    let ms = millis < 10 ? "00\(millis)" : (millis < 100 ? "0\(millis)" : "\(millis)")
    return CivilTime.format(seconds) + ".\(ms)"
  }

  // MARK: Sessions

  /// Records the start of a session and returns its id.
  public func startSession(kind: String, source: String) throws -> Int64 {
    try database.query(
      "INSERT INTO sessions(started_at, kind, source) VALUES (?, ?, ?)",
      [.text(Self.now()), .text(kind), .text(source)])
    return database.lastInsertRowID
  }

  public func endSession(_ id: Int64) throws {
    try database.query("UPDATE sessions SET ended_at = ? WHERE id = ?", [.text(Self.now()), .integer(id)])
  }

  public func sessions(limit: Int = 50) throws -> [SessionRecord] {
    try database.query(
      """
      SELECT s.id, s.started_at, s.ended_at, s.kind, s.source,
        (SELECT count(*) FROM commands c WHERE c.session_id = s.id),
        (SELECT count(*) FROM commands c WHERE c.session_id = s.id AND c.status = 'error')
      FROM sessions s ORDER BY s.id DESC LIMIT ?
      """, [.integer(Int64(limit))]
    ).map(SessionRecord.init(row:))
  }

  public func session(_ id: Int64) throws -> SessionRecord {
    guard let row = try database.query(
      """
      SELECT s.id, s.started_at, s.ended_at, s.kind, s.source,
        (SELECT count(*) FROM commands c WHERE c.session_id = s.id),
        (SELECT count(*) FROM commands c WHERE c.session_id = s.id AND c.status = 'error')
      FROM sessions s WHERE s.id = ?
      """, [.integer(id)]
    ).first else { throw StoreError.unknownSession(id) }
    return SessionRecord(row: row)
  }

  // MARK: Commands

  /// Records a command as `running` before it runs, so a crash leaves a trace of it.
  public func beginCommand(session: Int64, seq: Int, line: Int?, text: String) throws -> Int64 {
    try database.query(
      "INSERT INTO commands(session_id, seq, line, text, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)",
      [.integer(session), .integer(Int64(seq)), line.map { .integer(Int64($0)) } ?? .null, .text(text), .text(Self.now())])
    return database.lastInsertRowID
  }

  /// Records how a command ended: its output, status and error text.
  public func finishCommand(
    _ id: Int64, output: String, status: CommandStatus, error: String?, durationMs: Double
  ) throws {
    try database.query(
      "UPDATE commands SET output = ?, status = ?, error = ?, duration_ms = ? WHERE id = ?",
      [.text(output), .text(status.rawValue), error.map { .text($0) } ?? .null, .real(durationMs), .integer(id)])
  }

  /// Commands of one session in order, or of all sessions (newest last), optionally only
  /// those whose text contains `search` (case-insensitive).
  public func commands(session: Int64? = nil, search: String? = nil, limit: Int = 1000) throws -> [CommandRecord] {
    var clauses: [String] = []
    var values: [SQLValue] = []
    if let session {
      clauses.append("session_id = ?")
      values.append(.integer(session))
    }
    if let search {
      clauses.append("instr(lower(text), lower(?)) > 0")
      values.append(.text(search))
    }
    let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    values.append(.integer(Int64(limit)))
    let rows = try database.query(
      """
      SELECT * FROM (SELECT id, session_id, seq, line, text, output, status, error, started_at, duration_ms
        FROM commands \(filter) ORDER BY id DESC LIMIT ?) ORDER BY id
      """, values)
    return rows.map(CommandRecord.init(row:))
  }
}

public enum CommandStatus: String, Sendable {
  case running, ok, error, cancelled
}

/// One row of `sessions`, with its command counts.
public struct SessionRecord: Sendable {
  public var id: Int64
  public var startedAt: String
  public var endedAt: String?
  public var kind: String
  public var source: String
  public var commandCount: Int
  public var errorCount: Int

  init(row: [SQLValue]) {
    id = row[0].integer ?? 0
    startedAt = row[1].text ?? ""
    endedAt = row[2].text
    kind = row[3].text ?? ""
    source = row[4].text ?? ""
    commandCount = Int(row[5].integer ?? 0)
    errorCount = Int(row[6].integer ?? 0)
  }
}

/// One row of `commands`.
public struct CommandRecord: Sendable {
  public var id: Int64
  public var session: Int64
  public var seq: Int
  public var line: Int?
  public var text: String
  public var output: String
  public var status: String
  public var error: String?
  public var startedAt: String
  public var durationMs: Double?

  init(row: [SQLValue]) {
    id = row[0].integer ?? 0
    session = row[1].integer ?? 0
    seq = Int(row[2].integer ?? 0)
    line = row[3].integer.map { Int($0) }
    text = row[4].text ?? ""
    output = row[5].text ?? ""
    status = row[6].text ?? ""
    error = row[7].text
    startedAt = row[8].text ?? ""
    if case .real(let v) = row[9] { durationMs = v } else { durationMs = row[9].integer.map(Double.init) }
  }
}
