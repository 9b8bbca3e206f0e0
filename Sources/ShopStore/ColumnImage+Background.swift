import Dispatch
import ShopFrames

/// A frame's column images (`ColumnImage.encode`), encoded on a second thread while `keep`
/// inserts the rows on its own: encoding reads only the frame, and the blobs go into the
/// store after the rows, in the same transaction. On one thread (`SHOPLAB_THREADS=1`, or a
/// frame too small to be worth a thread) they are encoded when asked for.
final class ColumnImageEncoding: @unchecked Sendable {
  typealias Blobs = [[(chunk: Int, bytes: [UInt8])]]

  private let frame: Frame
  private let background: Bool
  /// Written by the encoding thread before it signals `done`, read only after `done`.
  private var encoded: Blobs = []
  private let done = DispatchSemaphore(value: 0)

  /// Starts encoding `frame` when a second thread is to be had.
  init(_ frame: Frame) {
    self.frame = frame
    background = RowChunks.threads(forRows: frame.rowCount) > 1
    if background {
      DispatchQueue.global(qos: .userInitiated).async { [self] in
        encoded = Self.encode(frame)
        done.signal()
      }
    }
  }

  /// Each column's blobs, in column order: waits for the encoding thread if there is one.
  func blobs() -> Blobs {
    guard background else { return Self.encode(frame) }
    done.wait()
    // Signalled again, so that a second call does not wait forever.
    done.signal()
    return encoded
  }

  private static func encode(_ frame: Frame) -> Blobs { frame.columns.map { ColumnImage.encode($0) } }
}
