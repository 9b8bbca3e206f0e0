import Dispatch
import ShopCore
import Synchronization

/// The decoded bytes of one input file: gzip inflated, BOM skipped, re-encoded to UTF-8
/// when it was not UTF-8.
final class CSVInputFile: @unchecked Sendable {
  // Unchecked: every field is written by the decoding thread before `ready` is signalled
  // and only read by the loader after it has waited on `ready`.
  let path: String
  /// The file's bytes: a mapping of a plain UTF-8 file, or memory holding the inflated or
  /// re-encoded text.
  private(set) var buffer = CSVByteBuffer(capacity: 1 << 16)
  /// The text of the file within `buffer`.
  private(set) var range: Range<Int> = 0..<0
  /// "'u.item' is not UTF-8; read as Windows-1252 (Latin-1 with € and curly quotes)", or
  /// the lines of a UTF-8 file that had stray bytes, or nil.
  private(set) var warning: String?
  private(set) var error: Error?
  private let ready = DispatchSemaphore(value: 0)

  init(path: String) {
    self.path = path
  }

  var base: UnsafePointer<UInt8> { UnsafePointer(buffer.base) }
  var text: UnsafeBufferPointer<UInt8> { buffer.bytes(range) }

  /// Reads and decodes the file; called once, on the decoding thread.
  fileprivate func decode() {
    defer { ready.signal() }
    do {
      if let mapped = try CSVFileBytes.mapPlain(path: path) {
        buffer = mapped
      } else {
        try CSVFileBytes.append(path: path, to: buffer)
      }
    } catch {
      self.error = error
      return
    }
    if CSVTextEncoding.hasUTF16BOM(buffer.all) {
      // Re-encoding it as Latin-1 would turn every other byte into a NUL: say what it is.
      error = CSVError.unreadable(path: path, reason: "the file is UTF-16; save it as UTF-8")
      return
    }
    var lower = CSVTextEncoding.hasBOM(buffer.all) ? 3 : 0
    if !CSVTextEncoding.isValidUTF8(buffer, lower..<buffer.count) {
      let repaired = CSVByteBuffer(capacity: buffer.count - lower)
      let repair = CSVTextEncoding.appendRepairing(buffer.bytes(lower..<buffer.count), to: repaired)
      buffer = repaired
      lower = 0
      warning = CSVTextEncoding.warning(file: CSVPaths.displayName(path), repair)
    }
    range = lower..<buffer.count
  }

  /// Blocks until the file is decoded, then rethrows its read error if any.
  func waitUntilReady() throws {
    ready.wait()
    ready.signal()  // later waits return at once
    if let error { throw error }
  }
}

/// Decodes a list of files in order on a background thread, so that inflating file k+1
/// overlaps with parsing file k: on the 13 monthly Online Retail files, inflating is about
/// a third of the work. The loader waits on each file just before it needs it.
final class CSVInputFiles: Sendable {
  let files: [CSVInputFile]
  private let abandoned = Atomic<Bool>(false)

  init(paths: [String]) {
    files = paths.map(CSVInputFile.init(path:))
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
