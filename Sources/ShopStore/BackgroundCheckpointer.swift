import CSQLite
import Dispatch
import Synchronization

/// Copies committed WAL pages back into the database file on a thread of its own, with a
/// connection of its own, so that the command whose commit filled the WAL does not wait for
/// the copy.
///
/// SQLite's default is to checkpoint inside the commit that takes the WAL past 1,000 pages:
/// for a `keep` of a large table that is a read of the whole WAL, a write of as much into
/// the database file and two `fdatasync`s, a third of the command's time. Here the
/// committing connection's WAL hook only asks for a checkpoint, and this thread runs it
/// (`SQLITE_CHECKPOINT_PASSIVE`: it copies what no reader still needs, and never waits for
/// a lock). Nothing about durability changes: the checkpoint syncs as it would have
/// (`synchronous=NORMAL`), a commit is durable in the WAL before any checkpoint, and a
/// kill mid-checkpoint is one SQLite recovers from like any other.
/// Related SQLite documentation: https://sqlite.org/wal.html#application_initiated_checkpoints
final class BackgroundCheckpointer: @unchecked Sendable {
  /// The WAL size, in pages, from which a commit asks for a checkpoint: SQLite's own
  /// `wal_autocheckpoint` default.
  static let pagesBeforeCheckpoint: Int32 = 1000

  private let path: String
  private let queue = DispatchQueue(label: "shoplab.store.checkpoint")
  /// Whether a checkpoint is asked for and not yet started: many commits while one runs
  /// ask for one more, not one each.
  private let requested = Atomic<Bool>(false)
  /// Opened on the queue when first needed, used and closed only there (hence
  /// `@unchecked Sendable`).
  private var connection: OpaquePointer?
  private var closed = false

  init(path: String) { self.path = path }

  /// Asks for a checkpoint soon; returns at once.
  func request() {
    guard !requested.exchange(true, ordering: .acquiringAndReleasing) else { return }
    queue.async { [self] in
      requested.store(false, ordering: .releasing)
      checkpoint()
    }
  }

  /// Waits for a checkpoint under way and closes the connection; later requests do nothing.
  func finish() {
    queue.sync {
      closed = true
      sqlite3_close_v2(connection)
      connection = nil
    }
  }

  private func checkpoint() {
    guard !closed else { return }
    if connection == nil {
      var db: OpaquePointer?
      // No SQLITE_OPEN_CREATE: the store's file exists while its connection is open.
      guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
        sqlite3_close_v2(db)
        return
      }
      // The checkpoint's syncs follow this connection's setting: the store's own.
      sqlite3_exec(db, "PRAGMA synchronous=NORMAL", nil, nil, nil)
      connection = db
    }
    // A failure (a reader still on old pages, a full disk) leaves the pages in the WAL,
    // where they are as safe as in the file: the next checkpoint, or the last connection's
    // close, copies them.
    sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
  }
}

/// The WAL hook `Database.checkpointInBackground` installs: called after each commit with
/// the WAL's size in pages; `context` is the unretained `BackgroundCheckpointer`.
let backgroundCheckpointHook:
  @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
    context, _, _, pages in
    if pages >= BackgroundCheckpointer.pagesBeforeCheckpoint, let context {
      Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
    }
    return SQLITE_OK
  }
