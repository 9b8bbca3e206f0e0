import Glibc

/// The bytes of an input file that a reader can see now, addressed by file offset:
/// `base[i]` is byte `i` of the text for `lower <= i < upper`.
///
/// For a file held in memory (gzip inflated, small, or re-encoded) the window is the whole
/// text and never moves. For a large plain file (`CSVPlainFile`) it is a buffer of a few
/// hundred kilobytes filled with `pread`: when a reader reaches `upper` before the end it
/// calls `advance(keeping:)`, which keeps the bytes from a given offset on (the record
/// being read), moves them to the buffer's front and reads the next bytes after them. So
/// `base` is the buffer's address less `lower`, and changes when the window moves.
///
/// A window over a plain file can also check that what it reads is UTF-8 (`validates`):
/// the file's head was checked before the load began, the rest is checked here, as it is
/// read; `CSVNotUTF8` tells the loader to start again with the file re-encoded in memory.
final class CSVByteWindow {
  private(set) var base: UnsafePointer<UInt8>
  private(set) var lower: Int
  private(set) var upper: Int
  /// The end of the text: no byte at or past it exists.
  let end: Int
  private let file: CSVPlainFile?
  private var storage: UnsafeMutablePointer<UInt8>?
  private var capacity: Int
  private let validates: Bool
  /// Bytes before this offset were checked as UTF-8.
  private var validated: Int

  /// The whole of an in-memory text: `buffer[range]`.
  init(whole buffer: CSVByteBuffer, range: Range<Int>) {
    base = UnsafePointer(buffer.base)
    lower = range.lowerBound
    upper = range.upperBound
    end = range.upperBound
    file = nil
    storage = nil
    capacity = 0
    validates = false
    validated = range.upperBound
  }

  /// A window over `file` from offset `start` (where a record or line begins) to `end`,
  /// filled with up to `capacity` bytes.
  init(file: CSVPlainFile, from start: Int, end: Int, capacity: Int, validates: Bool) throws {
    self.file = file
    self.end = end
    self.capacity = max(1, capacity)
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    storage = p
    lower = start
    upper = start
    base = UnsafePointer(p) - start
    self.validates = validates
    validated = start
    try fill()
  }

  deinit { storage?.deallocate() }

  /// Whether every byte up to the end is in the window.
  var isComplete: Bool { upper >= end }

  /// The bytes `range`, which must lie inside the window.
  func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  /// Moves the window to start at `keep` (between `lower` and `upper`), keeping the bytes
  /// from there on, and reads what follows them. When `keep` is already the window's start
  /// (one record longer than the window), the window grows instead. Pointers into the old
  /// window are invalid afterwards; `base` is the new one.
  func advance(keeping keep: Int) throws {
    guard let storage, !isComplete else { return }
    precondition(keep >= lower && keep <= upper, "kept bytes must be in the window")
    if validated < keep { try validate(validated..<keep) }
    if keep == lower {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      grown.update(from: storage, count: upper - lower)
      storage.deallocate()
      self.storage = grown
      capacity *= 2
    } else {
      storage.update(from: storage + (keep - lower), count: upper - keep)
      lower = keep
    }
    try fill()
  }

  /// Reads bytes after `upper` until the buffer is full or the text ends.
  private func fill() throws {
    guard let storage, let file else { return }
    let held = upper - lower
    let count = min(capacity - held, end - upper)
    if count > 0 { try file.read(into: storage + held, count: count, at: upper) }
    upper += count
    base = UnsafePointer(storage) - lower
    guard validates else { return }
    // Check up to just after the last ASCII byte: a sequence cut by the window's end is
    // checked whole once the rest of it is read.
    var cut = upper
    if upper < end {
      while cut > validated, base[cut - 1] >= 0x80 { cut -= 1 }
    }
    if cut > validated { try validate(validated..<cut) }
  }

  private func validate(_ range: Range<Int>) throws {
    guard CSVTextEncoding.isValidUTF8(bytes(range)) else {
      throw CSVNotUTF8(path: file?.path ?? "")
    }
    validated = range.upperBound
  }
}

/// A plain file read in windows turned out not to be UTF-8 past its head: the load starts
/// again with that file read whole and re-encoded (`CSVTextEncoding`), as a small file is.
struct CSVNotUTF8: Error {
  let path: String
}
