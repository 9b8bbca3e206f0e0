import CZlib
import Glibc
import ShopCore

/// Reads files into a `CSVByteBuffer`, inflating gzip on the way.
///
/// Gzip is recognised by its magic bytes (1f 8b), not by the name, so a `.csv.gz` that is
/// really plain text (or the reverse) still loads. Multi-member gzip files (what `cat a.gz
/// b.gz` makes) are inflated member after member, as `zcat` does.
enum CSVFileBytes {
  /// Appends the (inflated) bytes of `path` to `buffer`.
  static func append(path: String, to buffer: CSVByteBuffer) throws {
    // Read straight into the destination: a plain file is then never copied.
    let start = buffer.count
    try readWhole(path: path, into: buffer)
    let head = buffer.bytes(start..<buffer.count)
    guard head.count >= 2, head[0] == 0x1f, head[1] == 0x8b else { return }
    let compressed = CSVByteBuffer(capacity: head.count)
    compressed.append(UnsafeRawBufferPointer(head))
    buffer.truncate(to: start)
    try inflateGzip(compressed.all, path: path, into: buffer)
  }

  /// The plain bytes of a file, without interpretation.
  static func readWhole(path: String, into buffer: CSVByteBuffer) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw CSVError.unreadable(path: path, reason: errnoText()) }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) == 0, info.st_size > 0 { buffer.reserve(extra: Int(info.st_size) + 1) }
    while true {
      buffer.reserve(extra: 1 << 16)
      let (p, room) = buffer.spare
      let n = read(fd, p, room)
      if n < 0 {
        if errno == EINTR { continue }
        throw CSVError.unreadable(path: path, reason: errnoText())
      }
      if n == 0 { break }
      buffer.didWrite(n)
    }
  }

  /// Inflates every gzip member of `input` into `buffer`.
  static func inflateGzip(
    _ input: UnsafeBufferPointer<UInt8>, path: String, into buffer: CSVByteBuffer
  ) throws {
    // The trailer's ISIZE is the last member's length mod 2^32: a good first guess of the
    // output size for the usual single-member file. Capped at deflate's best ratio (1032:1)
    // so a corrupt trailer cannot ask for absurd memory.
    if input.count >= 18 {
      let n = input.count
      let isize =
        Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16
        | Int(input[n - 1]) << 24
      buffer.reserve(extra: min(isize, input.count * 1032) + 1)
    }
    guard let inputBase = input.baseAddress else { return }
    var stream = z_stream()
    guard czlib_inflate_init_gzip(&stream) == Z_OK else {
      throw CSVError.unreadable(path: path, reason: "cannot start zlib")
    }
    defer { inflateEnd(&stream) }
    // zlib counts input in UInt32: feed it at most 1 GiB at a time.
    var fed = 0
    func feed() {
      let piece = min(input.count - fed, 1 << 30)
      stream.next_in = UnsafeMutablePointer(mutating: inputBase + fed)
      stream.avail_in = UInt32(piece)
      fed += piece
    }
    feed()
    while true {
      if stream.avail_in == 0, fed < input.count { feed() }
      // Inflating runs off the loader's thread, so it polls Ctrl-C itself.
      if Cancellation.shared.isRequested { throw CommandCancelled() }
      buffer.reserve(extra: 1 << 16)
      let (out, room) = buffer.spare
      let chunk = min(room, Int(UInt32.max))
      stream.next_out = out
      stream.avail_out = UInt32(chunk)
      let status = inflate(&stream, Z_NO_FLUSH)
      buffer.didWrite(chunk - Int(stream.avail_out))
      if status == Z_STREAM_END {
        // Another member may follow; anything that is not a gzip header (e.g. zero
        // padding written by some tools) ends the file, as in gzip itself.
        if stream.avail_in < 2, fed < input.count {
          // Rare: a member ends right at a 1 GiB seam; look at the bytes that follow.
          let at = fed - Int(stream.avail_in)
          fed = at
          feed()
        }
        let left = Int(stream.avail_in)
        guard left >= 2, let next = stream.next_in, next[0] == 0x1f, next[1] == 0x8b else { break }
        inflateReset(&stream)
        continue
      }
      if status == Z_OK { continue }
      if status == Z_BUF_ERROR, stream.avail_in == 0 {
        if fed < input.count { continue }  // the next piece of input is fed above
        throw CSVError.unreadable(path: path, reason: "gzip data ends early (truncated file?)")
      }
      let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
      throw CSVError.unreadable(path: path, reason: "corrupt gzip data: \(message)")
    }
  }

  static func errnoText() -> String { String(cString: strerror(errno)) }
}
