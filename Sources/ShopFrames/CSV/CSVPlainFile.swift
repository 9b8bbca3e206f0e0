import Glibc

/// A large regular file that is not gzip, kept open and read with `pread` a window at a time
/// (`CSVByteWindow`) instead of being mapped or read whole.
///
/// Why not `mmap`: a mapped file that another process truncates kills the reader with
/// SIGBUS when it touches a page past the new end, and no Swift code can catch that. A
/// `pread` past the end just returns fewer bytes, which is an error to report. Reading a
/// window at a time also keeps memory near the size of the columns: the file's bytes are
/// never all resident at once.
///
/// The file must stay as it was when opened: a read that comes up short (the file shrank)
/// fails at once, and `checkUnchanged` (called once the load has read everything) fails if
/// the file's size, modification time or identity changed, since then the bytes read may
/// mix two versions of it.
final class CSVPlainFile: @unchecked Sendable {
  // Unchecked: after `init` nothing is mutated; `pread` on one descriptor from several
  // threads is safe (it does not move the file offset).
  let path: String
  /// The size when opened; windows never read past it.
  let size: Int
  private let fd: Int32
  private let opened: stat
  /// Called after every read with its offset and length (tests: change the file mid-load).
  private let afterRead: (@Sendable (_ offset: Int, _ count: Int) -> Void)?

  /// Opens `path` when it is a regular, non-gzip file of at least `minimumSize` bytes;
  /// nil otherwise (the caller reads it whole). Throws when it cannot be opened.
  static func open(
    _ path: String, minimumSize: Int,
    afterRead: (@Sendable (_ offset: Int, _ count: Int) -> Void)? = nil
  ) throws -> CSVPlainFile? {
    let fd = Glibc.open(path, O_RDONLY)
    guard fd >= 0 else { throw CSVError.unreadable(path: path, reason: CSVFileBytes.errnoText()) }
    var info = stat()
    var magic: [UInt8] = [0, 0]
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      info.st_size > 0, Int(info.st_size) >= minimumSize,
      pread(fd, &magic, 2, 0) == 2 || info.st_size < 2, magic != [0x1f, 0x8b]
    else {
      close(fd)
      return nil
    }
    return CSVPlainFile(path: path, fd: fd, info: info, afterRead: afterRead)
  }

  private init(
    path: String, fd: Int32, info: stat,
    afterRead: (@Sendable (_ offset: Int, _ count: Int) -> Void)?
  ) {
    self.path = path
    self.fd = fd
    opened = info
    size = Int(info.st_size)
    self.afterRead = afterRead
  }

  deinit { close(fd) }

  /// Reads exactly `count` bytes at `offset` (which with `count` lies within `size`) into
  /// `destination`, in as many calls as the kernel needs.
  func read(into destination: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) throws {
    var done = 0
    while done < count {
      let n = pread(fd, destination + done, count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw CSVError.unreadable(path: path, reason: CSVFileBytes.errnoText())
      }
      if n == 0 { throw changed() }
      done += n
    }
    afterRead?(offset, count)
  }

  /// Fails when the file is no longer the one opened: another size, another modification
  /// time, or (replaced under its name) another file.
  func checkUnchanged() throws {
    var now = stat()
    guard fstat(fd, &now) == 0 else {
      throw CSVError.unreadable(path: path, reason: CSVFileBytes.errnoText())
    }
    let same =
      now.st_size == opened.st_size && now.st_ino == opened.st_ino && now.st_dev == opened.st_dev
      && now.st_mtim.tv_sec == opened.st_mtim.tv_sec
      && now.st_mtim.tv_nsec == opened.st_mtim.tv_nsec
    if !same { throw changed() }
  }

  private func changed() -> CSVError {
    var now = stat()
    let size = fstat(fd, &now) == 0 ? Int(now.st_size) : -1
    let was = "it was \(self.size) bytes when the load began"
    let detail = size == self.size ? "\(was) and was rewritten" : "\(was), \(size) bytes now"
    return CSVError.unreadable(
      path: path,
      reason: "the file changed while it was being read (\(detail)); load it again once it is complete")
  }
}
