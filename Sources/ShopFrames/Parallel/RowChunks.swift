import Dispatch
import Glibc
import ShopCore
import Synchronization

/// Work over a frame's rows in fixed chunks, on up to `SHOPLAB_THREADS` threads (one knob,
/// `threadCount`, shared with the CSV loader's parallel segments).
///
/// Chunk boundaries depend on the row count only, never on the number of threads, and
/// every per-chunk result is merged in chunk order. So whatever is computed chunk by
/// chunk (a selection, a gather, a grouping) is the same on one thread as on eight, and
/// a frame below `minimumRows` simply runs its chunks on the calling thread, skipping the
/// cost of waking threads for a small command.
public enum RowChunks {
  /// Rows per chunk: big enough that claiming a chunk costs nothing next to its work,
  /// small enough that a thread slowed by the machine's other work leaves chunks to the
  /// others.
  static let defaultChunkRows = 1 << 16
  /// Below this many rows (or tasks' worth of work) everything runs on the calling thread.
  static let defaultMinimumRows = 1 << 17

  /// Test settings: several threads, tiny chunks and no threshold exercise every chunk
  /// edge on small frames. Nil fields keep the defaults.
  struct Settings: Sendable {
    var threads: Int?
    var chunkRows: Int?
    var minimumRows: Int?
  }

  private static let overrides = Mutex<Settings?>(nil)

  /// Runs `body` with `settings` in force (tests); the old settings come back after it.
  static func with<T>(_ settings: Settings, _ body: () throws -> T) rethrows -> T {
    let old = overrides.withLock { current -> Settings? in
      let old = current
      current = settings
      return old
    }
    defer { overrides.withLock { $0 = old } }
    return try body()
  }

  private static var settings: Settings? { overrides.withLock { $0 } }

  static var chunkRows: Int { max(1, settings?.chunkRows ?? defaultChunkRows) }

  /// The threads a job of `rows` rows (or of that much work) may use: 1 below the
  /// threshold, else `SHOPLAB_THREADS` (else the cores, never more). Public for the store,
  /// whose `keep` asks it whether to encode column images on a second thread.
  public static func threads(forRows rows: Int) -> Int {
    let s = settings
    guard rows >= (s?.minimumRows ?? defaultMinimumRows) else { return 1 }
    return max(1, s?.threads ?? threadCount(nil))
  }

  /// How many threads the CSV loader and the row-chunked verbs use: `requested` (from
  /// `CSVOptions.threads`), else `SHOPLAB_THREADS` from the environment, else the number of
  /// cores; never more than the cores, never fewer than 1.
  static func threadCount(_ requested: Int?) -> Int {
    let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    var wanted = requested
    if wanted == nil, let text = getenv("SHOPLAB_THREADS") {
      wanted = Int(CSVLoader.trimmingBlanks(String(cString: text)))
    }
    return min(max(1, wanted ?? cores), cores)
  }

  /// How many chunks `rows` rows make (at least 1, so an empty frame has one empty chunk).
  static func count(rows: Int) -> Int { max(1, (rows + chunkRows - 1) / chunkRows) }

  /// The rows of chunk `k`.
  static func range(_ k: Int, rows: Int) -> Range<Int> {
    let size = chunkRows
    return min(rows, k * size)..<min(rows, (k + 1) * size)
  }

  /// Runs `body(k)` for every task `0..<tasks`, on `threads` threads taking tasks in
  /// turn (on the calling thread when `threads` is 1). Returns when all are done.
  ///
  /// `body` runs on several threads at once: it may read shared data, and write only
  /// what belongs to its own task (its rows of an output, its slot of `ChunkSlots`).
  static func run(tasks: Int, threads: Int, _ body: (Int) -> Void) {
    let threads = min(threads, tasks)
    guard threads > 1 else {
      for k in 0..<tasks { body(k) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let task = TaskBody(body)
      let next = Atomic<Int>(0)
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while true {
          let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
          guard k < tasks else { return }
          task.body(k)
        }
      }
    }
  }

  /// Calls `body(k, rows)` for every chunk of `rows` rows, in parallel above the threshold.
  @inline(__always)
  static func forEach(rows: Int, _ body: (Int, Range<Int>) -> Void) {
    let n = count(rows: rows)
    run(tasks: n, threads: threads(forRows: rows)) { k in body(k, range(k, rows: rows)) }
  }

  /// One result per chunk of `rows` rows, in chunk order.
  @inline(__always)
  static func map<T>(rows: Int, _ body: (Range<Int>) -> T) -> [T] {
    let n = count(rows: rows)
    let slots = ChunkSlots<T>(count: n)
    run(tasks: n, threads: threads(forRows: rows)) { k in slots.store(k, body(range(k, rows: rows))) }
    return slots.results()
  }

  /// The rows `0..<rows` for which `keep` is true, in order: each chunk lists its own,
  /// and the lists are joined in chunk order.
  @inline(__always)
  static func select(rows: Int, _ keep: (Int) -> Bool) -> [Int] {
    let parts = map(rows: rows) { range -> [Int] in
      var out: [Int] = []
      out.reserveCapacity(range.count)
      for i in range where keep(i) { out.append(i) }
      return out
    }
    return concatenate(parts)
  }

  /// The arrays joined in order, copied on several threads when they are long.
  static func concatenate<T: BitwiseCopyable>(_ parts: [[T]]) -> [T] {
    if parts.count == 1 { return parts[0] }
    var starts = [0]
    for p in parts { starts.append(starts[starts.count - 1] + p.count) }
    let total = starts[parts.count]
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
      let out = SharedPointer(buffer.baseAddress)
      run(tasks: parts.count, threads: threads(forRows: total)) { k in
        parts[k].withUnsafeBufferPointer { p in
          guard let source = p.baseAddress, let base = out.base else { return }
          (base + starts[k]).initialize(from: source, count: p.count)
        }
      }
      initialized = total
    }
  }

  /// An array of `count` elements whose chunks `fill(rows, destination)` writes in
  /// parallel: `destination` points at the whole array's first element, and each call
  /// must initialize exactly the elements of its rows. Write the loop over `rows` out in
  /// `fill` itself: a per-element closure called from it is not inlined, and costs more
  /// than a second thread gains on a simple map.
  @inline(__always)
  static func makeArray<T: BitwiseCopyable>(
    count: Int, _ fill: (Range<Int>, UnsafeMutablePointer<T>) -> Void
  ) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress {
        let out = SharedPointer(base)
        forEach(rows: count) { _, rows in fill(rows, out.base!) }
      }
      initialized = count
    }
  }

  /// `source[indices[k]]` for every k, gathered chunk by chunk on several threads.
  /// - Precondition: every index is in `source` (checked, as subscripting would).
  @inline(__always)
  static func gather<T: BitwiseCopyable>(_ source: [T], _ indices: [Int]) -> [T] {
    let n = source.count
    return source.withUnsafeBufferPointer { sp in
      indices.withUnsafeBufferPointer { ip in
        let s = SharedPointer(UnsafeMutablePointer(mutating: sp.baseAddress))
        let idx = SharedPointer(UnsafeMutablePointer(mutating: ip.baseAddress))
        return makeArray(count: indices.count) { rows, out in
          let from = s.base!
          let at = idx.base!
          for k in rows {
            let i = at[k]
            precondition(i >= 0 && i < n, "row index out of range")
            out[k] = from[i]
          }
        }
      }
    }
  }
}

/// A task body handed to `concurrentPerform`, which wants a `@Sendable` closure.
private struct TaskBody: @unchecked Sendable {
  // Unchecked: `RowChunks.run` states what a body may touch (disjoint writes only), and
  // the closure does not outlive the `concurrentPerform` call.
  let body: (Int) -> Void
  init(_ body: @escaping (Int) -> Void) { self.body = body }
}

/// A pointer handed to several threads that each touch their own elements.
struct SharedPointer<T>: @unchecked Sendable {
  // Unchecked: callers give each thread a disjoint part to write, and read the whole
  // only after `RowChunks.run` has returned (concurrentPerform orders those accesses).
  let base: UnsafeMutablePointer<T>?
  init(_ base: UnsafeMutablePointer<T>?) { self.base = base }

  /// The pointer, for loops over rows of a non-empty buffer (an empty one has none).
  var pointer: UnsafeMutablePointer<T> { base.unsafelyUnwrapped }
}

/// One result per task, each written by the thread that ran it.
final class ChunkSlots<T>: @unchecked Sendable {
  // Unchecked: slot k is written only by the thread that ran task k, and read only after
  // `RowChunks.run` has returned.
  private let count: Int
  private let slots: UnsafeMutablePointer<T?>

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: max(1, count))
    slots.initialize(repeating: nil, count: count)
  }

  deinit {
    slots.deinitialize(count: count)
    slots.deallocate()
  }

  func store(_ k: Int, _ value: T) { slots[k] = value }

  /// Slot k's value, emptied so its memory goes once the caller is done with it.
  func take(_ k: Int) -> T? {
    defer { slots[k] = nil }
    return slots[k]
  }

  /// The results in task order (every task must have stored one).
  func results() -> [T] { (0..<count).map { slots[$0]! } }
}
