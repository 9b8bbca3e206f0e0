import Glibc

/// A growable run of bytes in one malloc'd block: the whole text of the files being loaded.
///
/// A plain `[UInt8]` would do, but growing it copies, briefly doubling the memory of a
/// 50 MB input. `realloc` on a block this large maps more pages in place (glibc uses
/// `mremap`), which keeps the loader's peak memory near the size of the data. The pointer
/// never escapes: readers borrow it through `withBytes`.
final class CSVByteBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private(set) var capacity: Int

  /// Set when the bytes are a read-only mapping of a plain file (`CSVFileBytes.mapPlain`)
  /// rather than malloc'd memory: such a buffer never grows, and `release` gives pages back.
  let isMapped: Bool

  init(capacity: Int = 1 << 16) {
    self.capacity = max(capacity, 16)
    isMapped = false
    // A failed allocation of a few bytes means the process is already lost.
    guard let p = malloc(self.capacity)?.assumingMemoryBound(to: UInt8.self) else {
      fatalError("out of memory")
    }
    base = p
  }

  /// The `count` bytes of a read-only file mapping at `mapping`, unmapped with the buffer.
  init(mapping: UnsafeMutablePointer<UInt8>, count: Int) {
    base = mapping
    self.count = count
    capacity = count
    isMapped = true
  }

  deinit {
    if isMapped { munmap(base, capacity) } else { free(base) }
  }

  private static let pageSize = max(4096, sysconf(Int32(_SC_PAGESIZE)))

  /// Lets the kernel drop the pages wholly inside `range` of a mapped file (a no-op for
  /// malloc'd bytes). Reading them again later is still correct: the pages come back from
  /// the file (the page cache). The loader calls this behind its reading, so a large file
  /// is never resident whole beside the columns made from it.
  func release(_ range: Range<Int>) {
    guard isMapped else { return }
    let page = Self.pageSize
    let start = (range.lowerBound + page - 1) / page * page
    let end = min(range.upperBound, count) / page * page
    guard end > start else { return }
    madvise(base + start, end - start, Int32(MADV_DONTNEED))
  }

  /// Makes room for at least `extra` more bytes.
  func reserve(extra: Int) {
    let needed = count + extra
    guard needed > capacity else { return }
    precondition(!isMapped, "a mapped file's bytes do not grow")
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
