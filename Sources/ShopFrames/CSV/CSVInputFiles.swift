import Dispatch
import ShopCore
import Synchronization

/// The decoded bytes of one input file: gzip inflated, BOM skipped, re-encoded to UTF-8
/// when it was not UTF-8.
final class CSVInputFile: @unchecked Sendable {
  // Unchecked: every field is written by the decoding thread before `ready` is signalled
  // and only read by the loader after it has waited on `ready` (`readMoreHead` runs on the
  // loader's thread, before any segment starts).
  let path: String
  private let settings: CSVInputSettings
  /// The file's bytes in memory: all of them (inflated or re-encoded when needed), or for
  /// a large plain file (`plain`) its first `loaded` bytes, the head the loader sniffs
  /// and samples; windows read the rest.
  private(set) var buffer = CSVByteBuffer(capacity: 1 << 16)
  /// The text of the file (offsets into the file's bytes; for a plain file read in
  /// windows, more than `buffer` holds).
  private(set) var range: Range<Int> = 0..<0
  /// Bytes `0..<loaded` are in `buffer`.
  private(set) var loaded = 0
  /// Set when the file is read in windows rather than held in memory.
  private(set) var plain: CSVPlainFile?
  /// "'u.item' is not UTF-8; read as Windows-1252 (Latin-1 with € and curly quotes)", or
  /// the lines of a UTF-8 file that had stray bytes, or nil.
  private(set) var warning: String?
  private(set) var error: Error?
  private let ready = DispatchSemaphore(value: 0)

  init(path: String, settings: CSVInputSettings) {
    self.path = path
    self.settings = settings
  }

  /// The head in memory: `base[i]` for `i < loaded`.
  var base: UnsafePointer<UInt8> { UnsafePointer(buffer.base) }
  /// The text held in memory (the head, for a file read in windows).
  var text: UnsafeBufferPointer<UInt8> { buffer.bytes(range.lowerBound..<max(range.lowerBound, loaded)) }
  /// Whether all of the text is in `buffer`.
  var isWhole: Bool { loaded >= range.upperBound }

  /// The text from `start` on, as a window of about `capacity` bytes (the whole text when
  /// it is in memory). `validates` checks UTF-8 as the window reads (a file's records).
  func window(from start: Int, capacity: Int, validates: Bool = true) throws -> CSVByteWindow {
    // Forced windows (tests) read even a file the head holds whole.
    guard let plain, !isWhole || settings.windowBytes != nil else {
      return CSVByteWindow(whole: buffer, range: range)
    }
    return try CSVByteWindow(
      file: plain, from: start, end: range.upperBound, capacity: capacity, validates: validates)
  }

  /// Reads more of a plain file's head (about four times as much), for a sample whose
  /// records run past it. Called on the loader's thread before parsing starts.
  func readMoreHead() throws {
    guard let plain, !isWhole else { return }
    let count = min(range.upperBound, max(loaded * 4, 1 << 16)) - loaded
    buffer.reserve(extra: count)
    try plain.read(into: buffer.spare.pointer, count: count, at: loaded)
    let checked = loaded
    buffer.didWrite(count)
    loaded += count
    if !CSVTextEncoding.isValidUTF8(buffer.bytes(Self.utf8Cut(buffer, from: checked)..<utf8CheckEnd)) {
      throw CSVNotUTF8(path: path)
    }
  }

  /// Where the head's UTF-8 check stops: its end when it is the whole text, else just
  /// after its last ASCII byte (a sequence cut by the head's end is checked by a window).
  private var utf8CheckEnd: Int {
    var cut = loaded
    if !isWhole { while cut > 0, buffer.base[cut - 1] >= 0x80 { cut -= 1 } }
    return cut
  }

  /// Where to resume checking after `checked` bytes: back to just after an ASCII byte.
  private static func utf8Cut(_ buffer: CSVByteBuffer, from checked: Int) -> Int {
    var start = checked
    while start > 0, buffer.base[start - 1] >= 0x80 { start -= 1 }
    return start
  }

  /// Reads and decodes the file; called once, on the decoding thread.
  fileprivate func decode() {
    defer { ready.signal() }
    do {
      if !settings.wholeFiles.contains(path), let plain = try openPlain() {
        let head = min(plain.size, settings.headBytes)
        buffer = CSVByteBuffer(capacity: head)
        try plain.read(into: buffer.spare.pointer, count: head, at: 0)
        buffer.didWrite(head)
        loaded = head
        if CSVTextEncoding.hasUTF16BOM(buffer.all) {
          error = CSVError.unreadable(path: path, reason: "the file is UTF-16; save it as UTF-8")
          return
        }
        if let other = CSVTextEncoding.otherFormat(buffer.all) {
          error = CSVError.unreadable(path: path, reason: other)
          return
        }
        let lower = CSVTextEncoding.hasBOM(buffer.all) ? 3 : 0
        range = lower..<plain.size
        self.plain = plain
        if lower <= loaded, CSVTextEncoding.isValidUTF8(buffer.bytes(lower..<max(lower, utf8CheckEnd))) {
          return
        }
        // Not UTF-8: read it whole and re-encode it, below.
        self.plain = nil
        buffer = CSVByteBuffer(capacity: 1 << 16)
        range = 0..<0
      }
      try CSVFileBytes.append(path: path, to: buffer)
    } catch {
      self.error = error
      return
    }
    if CSVTextEncoding.hasUTF16BOM(buffer.all) {
      // Re-encoding it as Latin-1 would turn every other byte into a NUL: say what it is.
      error = CSVError.unreadable(path: path, reason: "the file is UTF-16; save it as UTF-8")
      return
    }
    if let other = CSVTextEncoding.otherFormat(buffer.all) {
      error = CSVError.unreadable(path: path, reason: other)
      return
    }
    var lower = CSVTextEncoding.hasBOM(buffer.all) ? 3 : 0
    if !CSVTextEncoding.isValidUTF8(buffer.bytes(lower..<buffer.count)) {
      let repaired = CSVByteBuffer(capacity: buffer.count - lower)
      let repair = CSVTextEncoding.appendRepairing(buffer.bytes(lower..<buffer.count), to: repaired)
      buffer = repaired
      lower = 0
      warning = CSVTextEncoding.warning(file: CSVPaths.displayName(path), repair)
    }
    range = lower..<buffer.count
    loaded = buffer.count
  }

  private func openPlain() throws -> CSVPlainFile? {
    let minimum = settings.windowBytes == nil ? CSVInputSettings.windowedMinimumBytes : 1
    return try CSVPlainFile.open(path, minimumSize: minimum, afterRead: settings.afterRead)
  }

  /// Fails when a file read in windows changed since it was opened (see `CSVPlainFile`).
  func checkUnchanged() throws {
    try plain?.checkUnchanged()
  }

  /// Blocks until the file is decoded, then rethrows its read error if any.
  func waitUntilReady() throws {
    ready.wait()
    ready.signal()  // later waits return at once
    if let error { throw error }
  }
}

/// How the input files are read: which plain files go in windows, and how big those are.
struct CSVInputSettings: Sendable {
  /// A plain file this big is read in windows; a smaller one is read whole.
  static let windowedMinimumBytes = 4 << 20
  /// Bytes per window (plain files of `windowedMinimumBytes` or more).
  static let defaultWindowBytes = 1 << 20

  /// Forced window size (tests: tiny windows, and windows on small files).
  var windowBytes: Int?
  /// Files found not to be UTF-8 past their head: read whole and re-encoded.
  var wholeFiles: Set<String> = []
  /// Called after each window read of a plain file (tests).
  var afterRead: (@Sendable (_ offset: Int, _ count: Int) -> Void)?

  /// The head read before the load starts: enough for the sniffer (64 KB after a BOM) and
  /// usually the type sample; more is read when the sample needs it.
  var headBytes: Int { windowBytes.map { max($0, (1 << 16) + 3) } ?? (1 << 20) }
  var window: Int { windowBytes.map { max(1, $0) } ?? Self.defaultWindowBytes }
}

/// Decodes a list of files in order on a background thread, so that inflating file k+1
/// overlaps with parsing file k: on the 13 monthly Online Retail files, inflating is about
/// a third of the work. The loader waits on each file just before it needs it.
final class CSVInputFiles: Sendable {
  let files: [CSVInputFile]
  private let abandoned = Atomic<Bool>(false)

  init(paths: [String], settings: CSVInputSettings) {
    files = paths.map { CSVInputFile(path: $0, settings: settings) }
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      for file in files {
        if abandoned.load(ordering: .relaxed) {
          file.abandon()
          continue
        }
        file.decode()
      }
    }
  }

  /// Tells the decoding thread to skip the files it has not started (the load failed).
  func abandon() { abandoned.store(true, ordering: .relaxed) }
}

extension CSVInputFile {
  /// Marks a file that will never be decoded as ready (and failed), so no one blocks.
  fileprivate func abandon() {
    error = CommandCancelled()
    ready.signal()
  }
}
