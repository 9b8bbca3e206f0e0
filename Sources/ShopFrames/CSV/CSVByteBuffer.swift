import Glibc

/// A growable run of bytes in one malloc'd block: the text of a file being loaded (all of
/// it, or the head of a large plain file read in windows).
///
/// A plain `[UInt8]` would do, but growing it copies, briefly doubling the memory of a
/// 50 MB input. `realloc` on a block this large maps more pages in place (glibc uses
/// `mremap`), which keeps the loader's peak memory near the size of the data. The pointer
/// never escapes: readers borrow it through `withBytes`.
final class CSVByteBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int = 1 << 16) {
    self.capacity = max(capacity, 16)
    // A failed allocation of a few bytes means the process is already lost.
    guard let p = malloc(self.capacity)?.assumingMemoryBound(to: UInt8.self) else {
      fatalError("out of memory")
    }
    base = p
  }

  deinit { free(base) }

  /// Makes room for at least `extra` more bytes.
  func reserve(extra: Int) {
    let needed = count + extra
    guard needed > capacity else { return }
    var newCapacity = max(capacity * 2, 1 << 16)
    while newCapacity < needed { newCapacity *= 2 }
    guard let p = realloc(base, newCapacity)?.assumingMemoryBound(to: UInt8.self) else {
      fatalError("out of memory")
    }
    base = p
    capacity = newCapacity
  }

  func append(_ bytes: UnsafeRawBufferPointer) {
    guard let src = bytes.baseAddress, bytes.count > 0 else { return }
    reserve(extra: bytes.count)
    (base + count).update(from: src.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    count += bytes.count
  }

  func append(_ byte: UInt8) {
    if count >= capacity { reserve(extra: 1) }
    base[count] = byte
    count += 1
  }

  func append(_ string: String) {
    var s = string
    s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
  }

  /// Where the next bytes go and how many fit; call `didWrite` after filling them.
  var spare: (pointer: UnsafeMutablePointer<UInt8>, count: Int) { (base + count, capacity - count) }

  func didWrite(_ n: Int) {
    precondition(count + n <= capacity)
    count += n
  }

  /// Drops every byte from `newCount` on (used to replace a file's bytes after re-encoding).
  func truncate(to newCount: Int) {
    precondition(newCount <= count)
    count = newCount
  }

  /// The bytes `range` as a read-only buffer, valid while `self` is alive and not growing.
  func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  var all: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
